"""The agenda: one agenda page, and an event page for each meeting, workshop or webinar."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail.url_routing import RouteResult

from cooperatives.models import CooperativePage
from core.blocks import ContentStreamBlock
from core.cache import cached_for_content
from core.models import BasePage, SiteSettings
from core.visibility import public, restricted_paths

from . import ical
from .schedule import Period

PAST_EVENTS_PER_PAGE = 10
# The calendar file of one event, under the event's own address (events/urls.py): it
# follows the page when editors move it, and the CDN purge finds it (get_cached_paths).
EVENT_CALENDAR_FILE = "evenement.ics"
AGENDA_CALENDAR_NAME = "Agenda de Smart en France"


def visible(pages):
    """The live, public ones of `pages`; in Python, so that a preview's unsaved choice works."""
    restricted = [path for path in restricted_paths() if path]
    return [page for page in pages if page.live and not any(map(page.path.startswith, restricted))]


def live_cooperatives():
    return public(CooperativePage.objects.live()).order_by("path")


def with_cooperatives(events):
    """The events with their live, public cooperatives, in one query for all of them."""
    events = list(events)
    prefetch_related_objects(events, Prefetch("cooperatives", queryset=live_cooperatives()))
    return events


def calendar_response(events, name, filename, request, attachment=False):
    body = ical.calendar([event.calendar_event(request) for event in events], name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


class EventIndexPage(BasePage):
    intro = models.TextField(
        "Chapeau",
        blank=True,
        help_text="Quelques mots sur les rencontres, ateliers et réunions de Smart, facultatifs.",
    )
    empty_agenda_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Page proposée quand l'agenda est vide",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Par exemple la page des actualités : quand aucun événement n'est prévu, "
            "l'agenda invite à la lire."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("summary"),
        PageChooserPanel("empty_agenda_page"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    # One agenda, at the top of the site; every event lives under it.
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "Agenda"
        verbose_name_plural = "Agendas"

    def get_cached_paths(self):
        # The agenda's calendar has a fixed address; it is under this page's own as
        # long as the page keeps its usual place (otherwise the CDN copy just expires).
        paths = ["/"]
        own_url = self.url or ""
        calendar_url = reverse("agenda_calendar")
        if own_url and calendar_url.startswith(own_url):
            paths.append("/" + calendar_url.removeprefix(own_url))
        return paths

    def events(self):
        return public(EventPage.objects.child_of(self).live())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        # Not cached with the content: which events are to come changes with the clock.
        past = Paginator(
            self.events().filter(end__lt=now).order_by("-start", "-pk"), PAST_EVENTS_PER_PAGE
        ).get_page(request.GET.get("page"))
        # The events still to come (those under way included) open the first page only.
        upcoming = []
        if past.number == 1:
            upcoming = list(self.events().filter(end__gte=now).order_by("start", "pk"))
        with_cooperatives([*upcoming, *past.object_list])
        context.update(
            upcoming_events=upcoming,
            past_events=past,
            calendar_url=reverse("agenda_calendar"),
        )
        if not upcoming and past.number == 1:
            context.update(self.suggestions(request))
        return context

    def suggestions(self, request):
        """Where to go when nothing is planned: the page the editors chose, the contact page."""

        def build():
            site = Site.find_for_request(request)
            links = {"suggested_page": None, "contact_url": ""}
            if self.empty_agenda_page_id:
                suggested = public(Page.objects.live().filter(pk=self.empty_agenda_page_id))
                page = suggested.first()
                if page is not None:
                    links["suggested_page"] = {"title": page.title, "url": page.get_url(request)}
            contact = SiteSettings.for_site(site).contact_page if site else None
            if contact is not None and contact.live:
                links["contact_url"] = contact.get_url(request)
            return links

        return cached_for_content(f"agenda-suggestions:{self.pk}", build)


class EventPage(BasePage):
    start = models.DateTimeField(
        "Début", help_text="Le jour et l'heure où l'événement commence, à l'heure de Paris."
    )
    end = models.DateTimeField(
        "Fin", help_text="Le jour et l'heure où il se termine, à l'heure de Paris."
    )
    venue = models.CharField(
        "Lieu",
        max_length=200,
        blank=True,
        help_text="Le nom du lieu, par exemple « Maison des associations ». Facultatif.",
    )
    address = models.TextField(
        "Adresse",
        blank=True,
        help_text="L'adresse postale complète. Laissez vide pour un événement seulement en ligne.",
    )
    online_url = models.URLField(
        "Lien pour participer en ligne",
        blank=True,
        help_text="L'adresse de la visioconférence ou de la diffusion. Laissez vide si "
        "l'événement n'a lieu que sur place.",
    )
    registration_url = models.URLField(
        "Lien d'inscription",
        blank=True,
        help_text="La page où l'on s'inscrit, facultative.",
    )
    cooperatives = ParentalManyToManyField(
        "cooperatives.CooperativePage",
        verbose_name="Coopératives concernées",
        blank=True,
        related_name="event_pages",
        help_text="Les coopératives qui organisent l'événement ou qu'il concerne.",
    )
    body = StreamField(
        ContentStreamBlock(),
        verbose_name="Présentation",
        blank=True,
        help_text="Le programme, les intervenant·es, l'accessibilité du lieu…",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("start"), FieldPanel("end")], heading="Quand"),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("address"), FieldPanel("online_url")],
            heading="Où",
            help_text="Une adresse, un lien pour participer en ligne, ou les deux.",
        ),
        FieldPanel("registration_url"),
        FieldPanel("cooperatives", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("venue"),
        index.SearchField("address"),
        index.SearchField("body"),
        index.RelatedFields("cooperatives", [index.SearchField("title")]),
        index.FilterField("start"),
        index.FilterField("end"),
    ]

    # An event belongs to the agenda, which lists it; it has no pages of its own.
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Événement"
        verbose_name_plural = "Événements"

    def clean(self):
        super().clean()
        errors = {}
        if not self.summary.strip():
            errors["summary"] = (
                "Résumez l'événement en une ou deux phrases : l'agenda, le fichier de "
                "calendrier et les moteurs de recherche l'affichent."
            )
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "La fin doit venir après le début."
        if not self.address.strip() and not self.online_url:
            errors["address"] = (
                "Indiquez une adresse, un lien pour participer en ligne, ou les deux."
            )
        if errors:
            raise ValidationError(errors)

    def concerned_cooperatives(self):
        return visible(self.cooperatives.all())

    @property
    def calendar_file_url(self):
        return f"{self.url}{EVENT_CALENDAR_FILE}" if self.url else ""

    @property
    def period(self):
        return Period(self.start, self.end)

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def is_offline(self):
        return bool(self.address.strip())

    @property
    def is_online(self):
        return bool(self.online_url)

    @property
    def address_line(self):
        return ", ".join(line.strip() for line in self.address.splitlines() if line.strip())

    @property
    def place_line(self):
        """The venue and its address on one line, for the calendar file."""
        return ", ".join(part for part in (self.venue.strip(), self.address_line) if part)

    def get_cached_paths(self):
        return ["/", f"/{EVENT_CALENDAR_FILE}"]

    def route(self, request, path_components):
        # The calendar file is this page's sub-route: Wagtail serves it with the page's
        # own checks (view restrictions). events/urls.py sends its address here.
        if path_components == [EVENT_CALENDAR_FILE] and self.live:
            return RouteResult(self, args=(EVENT_CALENDAR_FILE,))
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        if args == (EVENT_CALENDAR_FILE,):
            return calendar_response(
                [self], self.title, f"{self.slug}.ics", request, attachment=True
            )
        return super().serve(request, *args, **kwargs)

    def calendar_event(self, request):
        page_url = self.get_full_url(request)
        lines = [self.summary.strip()]
        if self.online_url:
            lines.append(f"En ligne : {self.online_url}")
        if self.registration_url:
            lines.append(f"Inscription : {self.registration_url}")
        lines.append(f"Tous les détails : {page_url}")
        return ical.CalendarEvent(
            uid=str(self.translation_key),
            start=self.start,
            end=self.end,
            summary=self.title,
            stamp=self.last_published_at or timezone.now(),
            description="\n\n".join(line for line in lines if line),
            # Calendar applications show LOCATION: the address, else where to join online.
            location=self.place_line or self.online_url,
            url=page_url or "",
        )
