"""The data catalogue in DCAT-AP (JSON-LD), for government open-data portals to harvest.

DCAT is what CKAN-based portals (data.go.id and most regional Satu Data portals run CKAN)
harvest with ckanext-dcat; JSON-LD keeps it plain JSON for everyone else. Everything in it is
built from the table definitions and ``SEMANGGI_PUBLIC_URL``: the same deployment gives the
same catalogue.
"""

from typing import Any

from django.urls import reverse

from semanggi.opendata.iati import public_url
from semanggi.opendata.tables import TABLES

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
REGION_DATA_NOTE = (
    "Kode dan nama wilayah: idn-area-data 4.0.1 (kode Kemendagri), lisensi ODbL 1.0. / "
    "Region codes and names: idn-area-data 4.0.1 (Kemendagri codes), under the ODbL 1.0."
)
MEDIA = {
    "csv": ("text/csv", "http://publications.europa.eu/resource/authority/file-type/CSV"),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "http://publications.europa.eu/resource/authority/file-type/XLSX",
    ),
    "json": ("application/json", "http://publications.europa.eu/resource/authority/file-type/JSON"),
    "xml": ("application/xml", "http://publications.europa.eu/resource/authority/file-type/XML"),
}
# The API list that serves a table as JSON, where there is one.
API_LISTS = {"partnerships": "/api/partnerships", "needs": "/api/needs"}

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _texts(key: str, indonesian: str, english: str) -> dict[str, Any]:
    return {
        key: [{"@value": indonesian, "@language": "id"}, {"@value": english, "@language": "en"}]
    }


def _distribution(url: str, kind: str, title: str) -> dict[str, Any]:
    media_type, file_type = MEDIA[kind]
    return {
        "@id": url + "#distribution",
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media_type}"},
        "dct:format": {"@id": file_type},
        "dct:license": {"@id": LICENCE_URL},
    }


def catalogue() -> dict[str, Any]:
    publisher = {
        "@id": public_url("/"),
        "@type": "foaf:Agent",
        "foaf:name": "Semanggi",
        "foaf:homepage": {"@id": public_url("/")},
    }
    datasets = []
    for table in TABLES:
        csv_url = public_url(reverse("opendata-table", args=[table.slug, "csv"]))
        xlsx_url = public_url(reverse("opendata-table", args=[table.slug, "xlsx"]))
        distributions = [
            _distribution(csv_url, "csv", f"{table.title_en} (CSV)"),
            _distribution(xlsx_url, "xlsx", f"{table.title_en} (XLSX)"),
        ]
        if table.slug in API_LISTS:
            distributions.append(
                _distribution(public_url(API_LISTS[table.slug]), "json", f"{table.title_en} (JSON)")
            )
        datasets.append(
            {
                "@id": public_url(reverse("opendata-index")) + f"#{table.slug}",
                "@type": "dcat:Dataset",
                "dct:identifier": f"semanggi-{table.slug}",
                **_texts("dct:title", table.title_id, table.title_en),
                **_texts("dct:description", table.description_id, table.description_en),
                "dcat:keyword": ["kemitraan", "CSR", "TJSL", "kemiskinan", "poverty"],
                "dct:language": [
                    {"@id": "http://publications.europa.eu/resource/authority/language/IND"},
                    {"@id": "http://publications.europa.eu/resource/authority/language/ENG"},
                ],
                "dct:license": {"@id": LICENCE_URL},
                "dct:rights": REGION_DATA_NOTE,
                "dct:publisher": publisher,
                "dct:spatial": {
                    "@id": "http://publications.europa.eu/resource/authority/country/IDN"
                },
                "dcat:landingPage": {"@id": public_url(reverse("opendata-index"))},
                "dcat:distribution": distributions,
            }
        )
    iati_url = public_url(reverse("iati-activities"))
    datasets.append(
        {
            "@id": public_url(reverse("iati-index")),
            "@type": "dcat:Dataset",
            "dct:identifier": "semanggi-iati-activities",
            **_texts(
                "dct:title",
                "Kegiatan IATI 2.03",
                "IATI 2.03 activities",
            ),
            **_texts(
                "dct:description",
                "Setiap kemitraan yang dipublikasikan sebagai kegiatan IATI 2.03.",
                "Every published partnership as an IATI 2.03 activity.",
            ),
            "dcat:keyword": ["IATI", "kemitraan", "partnership"],
            "dct:license": {"@id": LICENCE_URL},
            "dct:publisher": publisher,
            "dcat:landingPage": {"@id": public_url(reverse("iati-index"))},
            "dcat:distribution": [_distribution(iati_url, "xml", "IATI activities (XML)")],
        }
    )
    return {
        "@context": CONTEXT,
        "@id": public_url(reverse("opendata-catalogue")),
        "@type": "dcat:Catalog",
        **_texts(
            "dct:title",
            "Data terbuka kemitraan penanggulangan kemiskinan (Semanggi)",
            "Open data of poverty-alleviation partnerships (Semanggi)",
        ),
        **_texts(
            "dct:description",
            "Kemitraan pemerintah daerah dan perusahaan yang dipublikasikan: pihak, kontribusi, "
            "transaksi, indikator, kebutuhan dan angka wilayah.",
            "Published government–company partnerships: parties, contributions, transactions, "
            "indicators, needs and region figures.",
        ),
        "dct:publisher": publisher,
        "dct:license": {"@id": LICENCE_URL},
        "foaf:homepage": {"@id": public_url(reverse("opendata-index"))},
        "dcat:dataset": datasets,
    }
