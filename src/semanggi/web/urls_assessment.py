"""Pages of the assessment of partnership models."""

from django.urls import URLPattern, path

from semanggi.web import views_assessment

urlpatterns: list[URLPattern] = [
    path(
        "partnerships/<slug:slug>/assessment/",
        views_assessment.assessment_page,
        name="assessment-detail",
    ),
    path(
        "partnerships/<slug:slug>/assessment/run/",
        views_assessment.assessment_run_view,
        name="assessment-run",
    ),
    path(
        "partnerships/<slug:slug>/assessment/decisions/",
        views_assessment.label_decide_view,
        name="assessment-decide",
    ),
]
