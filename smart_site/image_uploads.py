"""The admin's image form, refusing every unreadable file with a message, not a server error.

Wagtail checks the format, the size and the pixel count of an upload, but a file
that starts like an image and then breaks (a truncated PNG, say) makes Pillow
raise an error that Wagtail lets through. Set as WAGTAILIMAGES_IMAGE_FORM_BASE, so
that the single, multiple and chooser uploads all use it.
"""

from django.core.exceptions import ValidationError
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class GuardedWagtailImageField(WagtailImageField):
    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # whatever Pillow raises on a file it cannot read
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            original = self.fields["file"]
            guarded = GuardedWagtailImageField(
                label=original.label, required=original.required, widget=original.widget
            )
            self.fields["file"] = guarded
