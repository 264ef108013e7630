"""``semanggi report partnership SLUG | region CODE | study ID``: write a report file."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from semanggi.access.selectors import principal_for
from semanggi.evidence.selectors import study_get
from semanggi.reports.render import FORMATS
from semanggi.reports.services import (
    LANGUAGES,
    report_partnership_file,
    report_region_file,
    report_study_file,
)


class Command(BaseCommand):
    help = "Write a partnership, regional or evaluation report as HTML, PDF or DOCX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=("partnership", "region", "study"))
        parser.add_argument("key", help="partnership slug, region code or study id")
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("--lang", choices=LANGUAGES, default="id")
        parser.add_argument("--year", type=int, help="regional report: only this year")
        parser.add_argument(
            "--user", help="report as this user sees it (default: what the public sees)"
        )
        parser.add_argument("-o", "--output", help="file to write (default: the report's name)")

    def handle(self, *args: Any, **options: Any) -> None:
        kind, key, fmt, lang = options["kind"], options["key"], options["format"], options["lang"]
        # Without --user, partnerships and regions are reported as the public sees them, so
        # that what the command prints may be handed out; a study needs a member of its team.
        user: Any = AnonymousUser()
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("Unknown user: %(name)s") % {"name": options["user"]})
        if kind == "partnership":
            found = report_partnership_file(user=user, slug=key, fmt=fmt, language=lang)
        elif kind == "region":
            found = report_region_file(
                user=user, code=key, year=options["year"], fmt=fmt, language=lang
            )
        else:
            study = study_get(principal=principal_for(user), pk=int(key)) if key.isdigit() else None
            found = (
                None if study is None else report_study_file(study=study, fmt=fmt, language=lang)
            )
        if found is None:
            raise CommandError(
                _("Nothing to report: %(kind)s “%(key)s” is unknown or not visible to this user.")
                % {"kind": kind, "key": key}
            )
        path = Path(options["output"] or found.filename)
        path.write_bytes(found.content)
        self.stdout.write(str(path))
