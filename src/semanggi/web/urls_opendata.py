"""IATI files, open data downloads, the data catalogue and the feeds."""

from django.urls import path

from semanggi.web import feeds, views_iati, views_opendata, views_portal

urlpatterns = [
    path("data/", views_opendata.opendata_index, name="opendata-index"),
    path("data/catalog.jsonld", views_opendata.opendata_catalogue, name="opendata-catalogue"),
    path("data/<slug:slug>.<str:kind>", views_opendata.opendata_table, name="opendata-table"),
    path("map/data.geojson", views_portal.map_geojson, name="map-geojson"),
    path("feeds/partnerships.atom", feeds.PublishedPartnershipsFeed(), name="feed-partnerships"),
    path("feeds/regions/<str:code>.atom", feeds.RegionFeed(), name="feed-region"),
    path("iati/", views_iati.iati_index, name="iati-index"),
    path("iati/activities.xml", views_iati.iati_activities, name="iati-activities"),
    path("iati/organisations.xml", views_iati.iati_organisations, name="iati-organisations"),
    path(
        "iati/organisations/<slug:slug>/activities.xml",
        views_iati.iati_organisation_activities,
        name="iati-organisation-activities",
    ),
    path(
        "iati/regions/<str:code>/activities.xml",
        views_iati.iati_region_activities,
        name="iati-region-activities",
    ),
    path(
        "iati/partnerships/<slug:slug>.xml",
        views_iati.iati_partnership,
        name="iati-partnership",
    ),
]
