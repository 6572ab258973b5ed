"""The OpenSearch/Elasticsearch settings docs/deployment.md gives carry a Japanese analyser."""

from __future__ import annotations

from pathlib import Path

from consortium.settings.search import JAPANESE_INDEX_SETTINGS, search_backends

DOCS = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"


def test_default_is_the_database_backend() -> None:
    assert search_backends("")["default"]["BACKEND"] == "cms.search.backend"


def test_search_url_gives_an_index_with_a_japanese_analyser() -> None:
    backend = search_backends("https://search.internal:9200")["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.opensearch2"
    assert backend["URLS"] == ["https://search.internal:9200"]
    analysis = backend["INDEX_SETTINGS"]["settings"]["analysis"]
    default = analysis["analyzer"]["default"]
    assert analysis["tokenizer"][default["tokenizer"]]["type"] == "kuromoji_tokenizer"
    assert {"cjk_width", "kuromoji_baseform", "kuromoji_stemmer"} <= set(default["filter"])
    es = search_backends("http://es:9200", "elasticsearch8")["default"]
    assert es["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert es["INDEX_SETTINGS"] is JAPANESE_INDEX_SETTINGS


def test_deployment_docs_show_these_settings() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert "SEARCH_URL" in text
    section = text.split("## Search", 1)[1]
    block = section.split("```python", 1)[1].split("```", 1)[0]
    shown: dict = {}
    exec(block, shown)  # noqa: S102 (our own documentation)
    assert shown["WAGTAILSEARCH_BACKENDS"] == search_backends("https://search.internal:9200")
