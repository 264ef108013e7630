"""Pages of the evidence workbench (studies, informants, sources, coding, displays,
findings, REFI-QDA exchange)."""

from django.urls import path

from semanggi.web import views_coding as c
from semanggi.web import views_evidence as v
from semanggi.web import views_uploads as u

S = "studies/<id:pk>/"

urlpatterns = [
    path("studies/", v.study_index, name="study-index"),
    path("studies/new/", v.study_new, name="study-new"),
    path("studies/import/", v.study_import, name="study-import"),
    path(S, v.study_page, name="study-detail"),
    path(S + "edit/", v.study_edit, name="study-edit"),
    path(S + "memos/", v.memo_add, name="study-memo-add"),
    path(S + "export.qdpx", v.study_qdpx, name="study-qdpx"),
    path(S + "informants/", v.informant_index, name="study-informants"),
    path(S + "informants/new/", v.informant_new, name="study-informant-new"),
    path(S + "informants/<id:iid>/", v.informant_page, name="study-informant"),
    path(S + "informants/<id:iid>/edit/", v.informant_edit, name="study-informant-edit"),
    path(S + "referrals.svg", v.referrals, name="study-referrals"),
    path(S + "sources/", v.source_index, name="study-sources"),
    path(S + "sources/new/", v.source_new, name="study-source-new"),
    path(S + "sources/upload/", u.source_upload, name="study-source-upload"),
    path(S + "sources/<id:sid>/", c.source_page, name="study-source"),
    path(S + "sources/<id:sid>/edit/", v.source_edit, name="study-source-edit"),
    path(S + "sources/<id:sid>/original/", v.source_original, name="study-source-original"),
    path(S + "sources/<id:sid>/code/", c.source_code, name="study-source-code"),
    path(S + "sources/<id:sid>/autocode/", c.source_autocode, name="study-source-autocode"),
    path(S + "sources/<id:sid>/codes/new/", c.source_code_new, name="study-source-code-new"),
    path(S + "timeline.svg", v.timeline, name="study-timeline"),
    path(S + "search/", v.search, name="study-search"),
    path(S + "segments/", v.segment_index, name="study-segments"),
    path(S + "segments/<id:gid>/", v.segment_page, name="study-segment"),
    path(
        S + "segments/<id:gid>/codes/<id:cid>/remove/",
        v.segment_code_remove_view,
        name="study-segment-code-remove",
    ),
    path(S + "codes/", v.codebook, name="study-codebook"),
    path(S + "codes/new/", v.code_new, name="study-code-new"),
    path(S + "codes/default/", v.codebook_default, name="study-codebook-default"),
    path(S + "codes/import/", v.codebook_import, name="study-codebook-import"),
    path(S + "codes/<id:cid>/", v.code_edit, name="study-code"),
    path(S + "codebook.qdc", v.codebook_qdc, name="study-qdc"),
    path(S + "displays/", v.displays, name="study-displays"),
    path(S + "displays/cooccurrence/", v.cooccurrence, name="study-cooccurrence"),
    path(S + "displays/<slug:name>.<str:fmt>", v.display_export, name="study-display-export"),
    path(S + "findings/", v.finding_index, name="study-findings"),
    path(S + "findings/table.<str:fmt>", v.finding_export, name="study-findings-export"),
    path(S + "findings/new/", v.finding_new, name="study-finding-new"),
    path(S + "findings/<id:fid>/", v.finding_page, name="study-finding"),
    path(S + "findings/<id:fid>/edit/", v.finding_edit, name="study-finding-edit"),
    path(S + "findings/<id:fid>/evidence/", v.finding_evidence, name="study-finding-evidence"),
    path(S + "findings/<id:fid>/verify/", v.finding_verify_view, name="study-finding-verify"),
]
