"""Build the POST data the Wagtail page editor would send, from the HTML it serves.

The editor renders StreamFields with JavaScript, so the HTML holds no inputs for
them; `stream_post_data` writes those inputs from the page's current value, the
way the editor's widgets do.
"""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock
from wagtail.test.utils.form_data import querydict_from_html, rich_text


def block_post_data(block, value, prefix):
    if isinstance(block, ImageBlock):
        data = {f"{prefix}-image": value.pk if value else "", f"{prefix}-alt_text": ""}
        if value is not None:
            data[f"{prefix}-alt_text"] = value.contextual_alt_text or ""
            if value.decorative:
                data[f"{prefix}-decorative"] = "on"
        return data
    if isinstance(block, blocks.StructBlock):
        data = {}
        for name, child_block in block.child_blocks.items():
            data.update(block_post_data(child_block, value.get(name), f"{prefix}-{name}"))
        return data
    if isinstance(block, blocks.ListBlock):
        items = list(value.bound_blocks) if hasattr(value, "bound_blocks") else []
        data = {f"{prefix}-count": len(items)}
        for index, item in enumerate(items):
            item_prefix = f"{prefix}-{index}"
            data[f"{item_prefix}-deleted"] = ""
            data[f"{item_prefix}-order"] = index
            data[f"{item_prefix}-id"] = item.id or ""
            data.update(block_post_data(block.child_block, item.value, f"{item_prefix}-value"))
        return data
    if isinstance(block, blocks.StreamBlock):
        return stream_post_data(value, prefix)
    if isinstance(block, blocks.RichTextBlock):
        return {prefix: rich_text(value.source if value else "", features=block.features)}
    if isinstance(block, blocks.BooleanBlock):
        return {prefix: "on"} if value else {}
    if isinstance(block, blocks.ChooserBlock):
        return {prefix: value.pk if value else ""}
    return {prefix: "" if value is None else value}


def stream_post_data(stream_value, prefix):
    data = {f"{prefix}-count": len(stream_value)}
    for index, child in enumerate(stream_value):
        child_prefix = f"{prefix}-{index}"
        data[f"{child_prefix}-type"] = child.block_type
        data[f"{child_prefix}-deleted"] = ""
        data[f"{child_prefix}-order"] = index
        data[f"{child_prefix}-id"] = child.id or ""
        data.update(block_post_data(child.block, child.value, f"{child_prefix}-value"))
    return data


def page_edit_post_data(html, page, **changes):
    """The edit form as served, plus every StreamField of `page`, plus `changes`."""
    from wagtail.fields import StreamField

    data = querydict_from_html(html, form_id="page-edit-form")
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            for key, value in stream_post_data(getattr(page, field.name), field.name).items():
                data[key] = value
    for key, value in changes.items():
        data[key] = value
    return data
