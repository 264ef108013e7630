"""``semanggi assess SLUG``: classify a partnership from its current records and evidence."""

import json
import textwrap
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from semanggi.assessment.frameworks import AssessmentError, frameworks_get
from semanggi.assessment.overview import frameworks_in_order
from semanggi.assessment.selectors import case_for, label_decisions
from semanggi.assessment.serialize import assessment_to_json
from semanggi.assessment.services import assessment_run
from semanggi.core.assessment import Assessment, assess, available_frameworks
from semanggi.core.assessment.classify import LabelAssessment
from semanggi.core.text import Message
from semanggi.partnerships.models import Partnership

WIDTH = 100


class Command(BaseCommand):
    help = (
        "Assess a partnership against the frameworks (all by default) and print each label "
        "with its strength, score and explanation; --json prints the whole assessment, "
        "indicators and provenance included. --save stores the result as a run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the partnership's slug")
        parser.add_argument(
            "--framework",
            action="append",
            dest="frameworks",
            metavar="ID",
            help=f"a framework id (repeatable); known: {', '.join(available_frameworks())}",
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="print JSON")
        parser.add_argument(
            "--language", choices=["id", "en"], default="id", help="language of the text"
        )
        parser.add_argument(
            "--save", action="store_true", help="store the result as a new assessment run"
        )
        parser.add_argument(
            "--reading",
            action="append",
            dest="readings",
            metavar="ID",
            default=[],
            help="a named reading to show beside the definition's result (repeatable), "
            "e.g. source-study",
        )
        parser.add_argument(
            "--exclude-illustrative",
            action="store_true",
            help="leave evidence marked illustrative out of the assessment",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["slug"]).first()
        if partnership is None:
            raise CommandError(f"no partnership {options['slug']!r} / kemitraan tidak ada")
        try:
            frameworks = frameworks_get(
                options["frameworks"] or frameworks_in_order(available_frameworks())
            )
        except AssessmentError as error:
            raise CommandError(error.message.en) from None
        offered = {reading.id for framework in frameworks for reading in framework.readings()}
        unknown = [r for r in options["readings"] if r not in offered]
        if unknown:
            raise CommandError(
                f"--reading: {', '.join(unknown)} tidak dikenal / not known; "
                f"known: {', '.join(sorted(offered)) or '-'}"
            )
        readings = tuple(options["readings"])
        if options["save"]:
            try:
                outcomes = assessment_run(
                    partnership=partnership,
                    framework_ids=[f.id for f in frameworks],
                    actor=None,
                    readings=readings,
                    exclude_illustrative=options["exclude_illustrative"],
                )
            except AssessmentError as error:
                raise CommandError(error.message.en) from None
            results = [outcome.assessment for outcome in outcomes]
        else:
            case = case_for(
                partnership,
                readings=readings,
                exclude_illustrative=options["exclude_illustrative"],
            )
            if case is None:
                raise CommandError("no party is recorded yet / belum ada pihak: nothing to assess")
            results = [assess(case, framework) for framework in frameworks]
        decisions = label_decisions(partnership=partnership)
        if options["as_json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "partnership": partnership.slug,
                        "assessments": [assessment_to_json(result) for result in results],
                        "decisions": [
                            {
                                "framework": d.framework_id,
                                "axis": d.axis_id,
                                "label": d.label_id,
                                "decision": d.decision,
                                "strength": d.strength,
                                "proposed_strength": d.proposed_strength,
                                "reason": d.reason,
                                "decided_at": d.decided_at.isoformat(),
                            }
                            for d in decisions.values()
                        ],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        language = options["language"]
        self.stdout.write(f"{partnership.localized('title')} ({partnership.slug})")
        for framework, result in zip(frameworks, results, strict=True):
            self._framework(framework.title.in_language(language), result, language, decisions)

    def _framework(
        self, title: str, result: Assessment, language: str, decisions: dict[Any, Any]
    ) -> None:
        self.stdout.write("")
        self.stdout.write(f"== {title} [{result.framework_id} {result.framework_version}]")
        for note in result.notes:
            self.stdout.write(f"   ({note.in_language(language)})")
        for axis in result.axes:
            self.stdout.write(f"-- {axis.title.in_language(language)}")
            if axis.dominance.en:
                for part in _wrap(axis.dominance.in_language(language)):
                    self.stdout.write(f"   {part}")
            for label in axis.ranked():
                self._label(
                    label, language, decisions.get((result.framework_id, axis.id, label.label_id))
                )

    def _label(self, label: LabelAssessment, language: str, decision: Any) -> None:
        score = "—" if label.score is None else f"{label.score:.2f}"
        name = label.name.in_language(language)
        level = label.level.in_language(language)
        say = Message
        if decision is not None:
            # The evaluator's decision is the headline; the proposal follows it.
            verdict = (
                say("dikonfirmasi", "confirmed")
                if decision.decision == "confirm"
                else say("diubah", "overridden")
            )
            self.stdout.write(
                f" {label.rank or '-':>2}. {name}: {decision.strength} "
                f"[{verdict.in_language(language)}]"
                + (f" ({decision.reason})" if decision.reason else "")
            )
            self.stdout.write(
                f"      {say('usulan', 'proposed').in_language(language)}: {level} "
                f"({label.strength}), score {score}, confidence {label.confidence:.2f}"
            )
        else:
            self.stdout.write(
                f" {label.rank or '-':>2}. {name}: {level} ({label.strength}), score {score}, "
                f"confidence {label.confidence:.2f}"
            )
        sufficiency = SUFFICIENCY.get(str(label.sufficiency))
        if sufficiency is not None:
            self.stdout.write(f"      {sufficiency.in_language(language)}")
        if label.summary.en:
            for part in _wrap(label.summary.in_language(language)):
                self.stdout.write(f"      {part}")
        for element in label.elements:
            self._element(element, language)
        for reading in label.readings:
            self.stdout.write(
                f"      >> {reading.name.in_language(language)}: "
                f"{reading.level.in_language(language)} ({reading.strength})"
            )
            for element in reading.elements:
                self._element(element, language, indent=9)

    def _element(self, element: Any, language: str, indent: int = 6) -> None:
        mark = STATUS.get(str(element.status), Message("?", "?")).in_language(language)
        voices = len(element.voices)
        self.stdout.write(
            " " * indent
            + f"[{mark}] {element.name.in_language(language)} "
            + f"({', '.join(element.indicators)}; {voices} "
            + Message("suara", "voice(s)").in_language(language)
            + ")"
        )


STATUS = {
    "met": Message("terpenuhi", "met"),
    "not_met": Message("tidak terpenuhi", "not met"),
    "not_enough": Message("bukti kurang", "not enough evidence"),
}
SUFFICIENCY = {
    "sufficient": Message("bukti memadai", "sufficient evidence"),
    "limited": Message(
        "bukti terbatas: satu suara untuk suatu unsur", "limited evidence: one voice for an element"
    ),
    "insufficient": Message(
        "bukti tidak cukup: ada unsur tanpa bukti", "not enough evidence: an element has none"
    ),
}


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH - 6) or [""]
