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
        if options["save"]:
            try:
                outcomes = assessment_run(
                    partnership=partnership,
                    framework_ids=[f.id for f in frameworks],
                    actor=None,
                )
            except AssessmentError as error:
                raise CommandError(error.message.en) from None
            results = [outcome.assessment for outcome in outcomes]
        else:
            case = case_for(partnership)
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
        for axis in result.axes:
            self.stdout.write(f"-- {axis.title.in_language(language)}")
            for label in axis.labels:
                self._label(
                    label, language, decisions.get((result.framework_id, axis.id, label.label_id))
                )

    def _label(self, label: LabelAssessment, language: str, decision: Any) -> None:
        score = "—" if label.score is None else f"{label.score:.2f}"
        name = label.name.in_language(language)
        level = label.level.in_language(language)
        line = f"   {name:<34} {level:<14} {label.strength!s:<9} score {score:<5}"
        line += f" confidence {label.confidence:.2f}"
        self.stdout.write(line)
        if decision is not None:
            self.stdout.write(
                f"      evaluator: {decision.decision} {decision.strength}"
                + (f" ({decision.reason})" if decision.reason else "")
            )
        for part in _wrap(label.explanation.in_language(language)):
            self.stdout.write(f"      {part}")


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH - 6) or [""]
