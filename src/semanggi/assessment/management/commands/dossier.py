"""``semanggi dossier import FILE`` and ``semanggi dossier export SLUG``: a whole partnership
case as one JSON or YAML file (docs/dossier.md)."""

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from semanggi.dossier import format as fmt
from semanggi.dossier.exporter import NotFound, dossier_export
from semanggi.dossier.importer import dossier_import


class Command(BaseCommand):
    help = (
        "Import or export a partnership dossier. `import FILE` creates the case all or "
        "nothing; `export SLUG` writes it (JSON by default, --format yaml)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="import|export")
        importing = actions.add_parser("import", help="create a case from a dossier file")
        importing.add_argument("file", help="a .json, .yaml or .yml dossier; - for standard input")
        importing.add_argument(
            "--lead",
            metavar="USERNAME",
            help="the evaluator who leads the dossier's study (default: the first administrator)",
        )
        importing.add_argument(
            "--check", action="store_true", help="check the file only: nothing is saved"
        )
        exporting = actions.add_parser("export", help="write a partnership as a dossier")
        exporting.add_argument("slug", help="the partnership's slug")
        exporting.add_argument("-o", "--output", metavar="FILE", help="file to write (default: -)")
        exporting.add_argument("--format", choices=["json", "yaml"], help="default: by extension")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options["file"], options["lead"], options["check"])
        else:
            self._export(options["slug"], options["output"], options["format"])

    def _import(self, name: str, lead_name: str | None, check: bool) -> None:
        if name == "-":
            text = sys.stdin.read()
        else:
            try:
                text = Path(name).read_text(encoding="utf-8")
            except OSError as error:
                raise CommandError(f"{name}: cannot be read: {error.strerror}") from None
        try:
            dossier = fmt.read(text, name=name)
        except fmt.DossierError as error:
            raise CommandError(_problems(name, error)) from None
        if check:
            self.stdout.write(f"{name}: valid dossier of {dossier.partnership.slug!r}")
            return
        lead = self._lead(lead_name) if dossier.study is not None else None
        try:
            result = dossier_import(dossier, lead=lead)
        except fmt.DossierError as error:
            raise CommandError(_problems(name, error)) from None
        self.stdout.write(
            f"Imported {result.partnership.slug!r}: "
            f"{len(result.organisations_created)} organisation(s) created, "
            f"{len(result.organisations_reused)} reused"
            + (f"; study led by {lead.get_username()}" if result.study and lead else "")
            + "."
        )

    def _lead(self, username: str | None) -> Any:
        User = get_user_model()
        if username:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"--lead: no user {username!r}")
            return user
        user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError("study: the dossier has a study; name its lead with --lead USERNAME")
        return user

    def _export(self, slug: str, output: str | None, form: str | None) -> None:
        try:
            dossier = dossier_export(slug)
        except NotFound:
            raise CommandError(f"no partnership {slug!r}") from None
        if form is None:
            form = "yaml" if output and output.endswith((".yaml", ".yml")) else "json"
        text = fmt.write(dossier, form=form)
        if output and output != "-":
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(text, ending="")


def _problems(name: str, error: fmt.DossierError) -> str:
    lines = [f"{name}: not imported, nothing was saved:"]
    lines.extend(f"  {problem}" for problem in error.problems[:50])
    if len(error.problems) > 50:
        lines.append(f"  ... and {len(error.problems) - 50} more")
    return "\n".join(lines)
