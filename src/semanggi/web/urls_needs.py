"""Pages of the needs catalogue, offers and matching."""

from django.urls import path

from semanggi.web import views_interests, views_needs

urlpatterns = [
    path("needs/", views_needs.need_index, name="need-index"),
    path("needs/new/", views_needs.need_new, name="need-create"),
    path("needs/<id:pk>/", views_needs.need_page, name="need-detail"),
    path("needs/<id:pk>/edit/", views_needs.need_edit, name="need-edit"),
    path("needs/<id:pk>/publish/", views_needs.need_publish_page, name="need-publish"),
    path(
        "needs/<id:pk>/interest/",
        views_interests.interest_express_page,
        name="interest-express",
    ),
    path(
        "needs/<id:pk>/interests/<id:interest_pk>/answer/",
        views_interests.interest_answer,
        name="interest-answer",
    ),
    path("offers/", views_needs.offer_index, name="offer-index"),
    path("offers/new/", views_needs.offer_new, name="offer-create"),
    path("offers/<id:pk>/", views_needs.offer_page, name="offer-detail"),
    path("offers/<id:pk>/edit/", views_needs.offer_edit, name="offer-edit"),
    path(
        "offers/<id:pk>/match/<id:need_pk>/",
        views_needs.offer_match,
        name="offer-match",
    ),
    path(
        "region-figures/import/",
        views_needs.region_figures_import_page,
        name="region-figures-import",
    ),
]
