"""`semanggi iati export` writes IATI files; `semanggi iati check` checks one."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from semanggi.core.regions import is_valid_code
from semanggi.iati.validate import iati_problems, standard_id_sets
from semanggi.opendata.iati import (
    Missing,
    activities_file,
    organisation_activities_file,
    organisations_file,
    partnerships_of_region,
    published_partnerships,
)
from semanggi.organisations.models import Organisation
from semanggi.regions.models import Region

MAX_CHECK_BYTES = 50 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "IATI 2.03 files. `export` writes the activities of the published partnerships (all, "
        "of one reporting organisation or of one region) or the organisation file; "
        "`check FILE` validates a file against the schema, codelists and rulesets."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write an IATI file")
        which = export.add_mutually_exclusive_group()
        which.add_argument("--organisation", help="slug of the reporting organisation")
        which.add_argument("--region", help="Kemendagri region code, e.g. 33.72")
        which.add_argument(
            "--organisations", action="store_true", help="the iati-organisations file"
        )
        export.add_argument("--output", "-o", help="file to write (default: standard output)")
        check = sub.add_parser("check", help="check an IATI file")
        check.add_argument("file")

    def handle(self, *args: object, **options: object) -> None:
        if options["action"] == "check":
            self._check(Path(str(options["file"])))
        else:
            self._export(options)

    def _export(self, options: dict[str, object]) -> None:
        today = timezone.localdate()
        missing: list[Missing] = []
        content: bytes | None
        if options["organisations"]:
            content = organisations_file(today=today)
        elif options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(
                    f"Organisasi tidak dikenal / unknown organisation: {options['organisation']}"
                )
            content, missing = organisation_activities_file(organisation, today=today)
        elif options["region"]:
            code = str(options["region"])
            if not is_valid_code(code) or not Region.objects.filter(code=code).exists():
                raise CommandError(f"Wilayah tidak dikenal / unknown region: {code}")
            content, missing = activities_file(partnerships_of_region(code), today=today)
        else:
            content, missing = activities_file(published_partnerships(), today=today)
        for item in missing:
            reasons = []
            for language in ("id", "en"):
                with translation.override(language):
                    reasons.append("; ".join(str(r) for r in item.reasons))
            self.stderr.write(
                f"Belum dapat diterbitkan / not publishable yet: {item.partnership.slug}: "
                f"{reasons[0]} / {reasons[1]}"
            )
        if content is None:
            raise CommandError(
                "Tidak ada kegiatan yang dapat diterbitkan / nothing to publish: an IATI file "
                "holds at least one activity."
            )
        output = options["output"]
        if output:
            Path(str(output)).write_bytes(content)
        else:
            sys.stdout.buffer.write(content)

    def _check(self, path: Path) -> None:
        if not path.is_file():
            raise CommandError(f"Berkas tidak ada / no such file: {path}")
        if path.stat().st_size > MAX_CHECK_BYTES:
            raise CommandError("Berkas terlalu besar / file too large")
        id_sets = standard_id_sets(frozenset(settings.SEMANGGI_IATI_PUBLISHER_IDS))
        problems = iati_problems(path.read_bytes(), id_sets=id_sets)
        for problem in problems:
            line = f" (line {problem.line})" if problem.line else ""
            self.stdout.write(f"{problem.severity} [{problem.where}]{line}: {problem.message}")
        if problems:
            raise CommandError(
                f"{len(problems)} masalah / problems: berkas tidak valid / the file is not valid"
            )
        self.stdout.write("Valid: skema, daftar kode, aturan IATI / schema, codelists, rulesets.")
