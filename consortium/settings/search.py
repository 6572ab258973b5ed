"""Search backend settings. The database backend by default (with Japanese terms from
japanese/search.py); OpenSearch or Elasticsearch with a Japanese analyser when
SEARCH_URL is set (docs/deployment.md, "Search")."""

from __future__ import annotations

# Needs the analysis-kuromoji plugin (`bin/opensearch-plugin install analysis-kuromoji`,
# `bin/elasticsearch-plugin install analysis-kuromoji`). Every text field uses the
# `default` analyser: Kuromoji's search mode splits compounds (観光協会 -> 観光 / 協会),
# cjk_width folds ＤＸ to DX and ｶﾅ to カナ, kuromoji_stemmer drops a katakana word's final
# long-vowel mark (コンピューター = コンピュータ), baseform and readings-free lowercasing
# do the rest.
JAPANESE_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "tokenizer": {
                "ja_search": {"type": "kuromoji_tokenizer", "mode": "search"},
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "ja_search",
                    "char_filter": ["kuromoji_iteration_mark"],
                    "filter": [
                        "cjk_width",
                        "kuromoji_baseform",
                        "kuromoji_part_of_speech",
                        "ja_stop",
                        "kuromoji_stemmer",
                        "lowercase",
                    ],
                },
            },
        }
    }
}


def search_backends(search_url: str, engine: str = "opensearch2") -> dict:
    """WAGTAILSEARCH_BACKENDS: the database (empty URL) or OpenSearch/Elasticsearch."""
    if not search_url:
        return {"default": {"BACKEND": "cms.search.backend", "SEARCH_CONFIG": "simple"}}
    return {
        "default": {
            "BACKEND": f"wagtail.search.backends.{engine}",
            "URLS": [search_url],
            "INDEX": "consortium",
            "TIMEOUT": 5,
            "INDEX_SETTINGS": JAPANESE_INDEX_SETTINGS,
        }
    }
