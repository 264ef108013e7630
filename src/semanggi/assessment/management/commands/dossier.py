"""``semanggi dossier import FILE``, ``semanggi dossier export SLUG`` and
``semanggi dossier schema``: whole partnership cases as one JSON or YAML file (docs/dossier.md).

Messages are in Indonesian unless ``--language en`` (or ``SEMANGGI_LANGUAGE=en``) asks for
English. A file that cannot be imported exits with code 2, every problem listed with the path
of its field; nothing is saved. ``--check`` runs the whole import (database checks included)
and rolls it back.
"""

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from semanggi.core.text import Message
from semanggi.dossier import format as fmt
from semanggi.dossier.exporter import NotFound, dossier_export_many
from semanggi.dossier.importer import dossier_import
from semanggi.dossier.model import json_schema

SHOWN = 50
# Exit code of a file that is refused (argparse's code for bad usage is 2 as well).
REFUSED = 2


class Command(BaseCommand):
    help = (
        "Import or export a partnership dossier. `import FILE` creates the cases all or "
        "nothing (--check: check everything, save nothing); `export SLUG...` writes them as one "
        "(JSON by default, --format yaml); `schema` prints the JSON Schema of the format."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--language",
            choices=["id", "en"],
            default=os.environ.get("SEMANGGI_LANGUAGE", "id"),
            help="language of the messages (default id; SEMANGGI_LANGUAGE sets it too)",
        )
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="import|export|schema"
        )
        importing = actions.add_parser("import", help="create cases from a dossier file")
        importing.add_argument("file", help="a .json, .yaml or .yml dossier; - for standard input")
        importing.add_argument(
            "--lead",
            metavar="USERNAME",
            help="the evaluator who leads the dossier's study (default: the first administrator)",
        )
        importing.add_argument(
            "--check", action="store_true", help="check everything the import checks; save nothing"
        )
        importing.add_argument("--language", choices=["id", "en"], default=argparse.SUPPRESS)
        exporting = actions.add_parser("export", help="write partnerships as one dossier")
        exporting.add_argument("slugs", nargs="+", metavar="SLUG", help="a partnership's slug")
        exporting.add_argument("-o", "--output", metavar="FILE", help="file to write (default: -)")
        exporting.add_argument("--format", choices=["json", "yaml"], help="default: by extension")
        schema = actions.add_parser("schema", help="print the JSON Schema of format 2")
        schema.add_argument("-o", "--output", metavar="FILE", help="file to write (default: -)")

    def handle(self, *args: Any, **options: Any) -> None:
        self.language = options.get("language") or "id"
        if options["action"] == "import":
            self._import(options["file"], options["lead"], options["check"])
        elif options["action"] == "export":
            self._export(options["slugs"], options["output"], options["format"])
        else:
            text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
            self._write(text, options["output"])

    def _say(self, indonesian: str, english: str) -> str:
        return Message(indonesian, english).in_language(self.language)

    def _refuse(self, name: str, problems: tuple[fmt.Problem, ...]) -> CommandError:
        lines = [
            self._say(
                f"{name}: tidak diimpor, tidak ada yang disimpan:",
                f"{name}: not imported, nothing was saved:",
            )
        ]
        lines.extend(f"  {problem.text(self.language)}" for problem in problems[:SHOWN])
        if len(problems) > SHOWN:
            more = len(problems) - SHOWN
            lines.append(self._say(f"  ... dan {more} lagi", f"  ... and {more} more"))
        return CommandError("\n".join(lines), returncode=REFUSED)

    def _import(self, name: str, lead_name: str | None, check: bool) -> None:
        try:
            if name == "-":
                data = sys.stdin.buffer.read(fmt.MAX_BYTES + 1)
            else:
                with Path(name).open("rb") as file:
                    data = file.read(fmt.MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(
                self._say(
                    f"{name}: tidak dapat dibaca: {error.strerror}",
                    f"{name}: cannot be read: {error.strerror}",
                ),
                returncode=REFUSED,
            ) from None
        try:
            dossier = fmt.read_bytes(data, name=name)
            lead = self._lead(lead_name) if dossier.study is not None else None
            result = dossier_import(dossier, lead=lead, dry_run=check)
        except fmt.DossierError as error:
            raise self._refuse(name, error.problems) from None
        slugs = ", ".join(repr(p.slug) for p in result.partnerships)
        created, reused = len(result.organisations_created), len(result.organisations_reused)
        if check:
            self.stdout.write(
                self._say(
                    f"{name}: dosir sah untuk {slugs}; dapat diimpor (tidak ada yang disimpan).",
                    f"{name}: a valid dossier of {slugs}; it can be imported (nothing saved).",
                )
            )
            return
        led = (
            self._say(
                f"; studi dipimpin {lead.get_username()}", f"; study led by {lead.get_username()}"
            )
            if result.study and lead
            else ""
        )
        self.stdout.write(
            self._say(
                f"Diimpor {slugs}: {created} organisasi dibuat, {reused} dipakai ulang{led}.",
                f"Imported {slugs}: {created} organisation(s) created, {reused} reused{led}.",
            )
        )

    def _lead(self, username: str | None) -> Any:
        User = get_user_model()
        if username:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise fmt.DossierError(
                    [
                        fmt.Problem(
                            "--lead",
                            Message(f"tidak ada pengguna {username!r}", f"no user {username!r}"),
                        )
                    ]
                )
            return user
        # None: the import then reports that the study needs a lead.
        return User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()

    def _export(self, slugs: list[str], output: str | None, form: str | None) -> None:
        try:
            dossier = dossier_export_many(slugs)
        except NotFound as missing:
            slug = missing.args[0]
            raise CommandError(
                self._say(f"kemitraan {slug!r} tidak ada", f"no partnership {slug!r}")
            ) from None
        if form is None:
            form = "yaml" if output and output.endswith((".yaml", ".yml")) else "json"
        self._write(fmt.write(dossier, form=form), output)

    def _write(self, text: str, output: str | None) -> None:
        if output and output != "-":
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(self._say(f"Ditulis {output}", f"Wrote {output}"))
        else:
            self.stdout.write(text, ending="")
