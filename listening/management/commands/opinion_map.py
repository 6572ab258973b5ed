"""`manage.py opinion_map --csv FILE --out result.json`: map a CSV of comments on this machine.

The CSV needs a `text` column; an `id` column becomes each comment's `comment_id`; other
columns are kept as attributes. The result is Kouchou-AI's hierarchical_result.json.
With `--save TITLE` the map is also stored (as an unpublished CSV map, or published with
`--publish`) so it can be read on the site.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from listening import csvfile, exports, services
from listening.pipeline import embedding, runner
from listening.pipeline.opinions import Comment


class Command(BaseCommand):
    help = "Compute an opinion map from a CSV of comments, offline, as hierarchical_result.json."

    def add_arguments(self, parser):
        parser.add_argument("--csv", required=True, help="CSV file with a text column")
        parser.add_argument("--out", help="where to write hierarchical_result.json ('-': stdout)")
        parser.add_argument("--title", default="", help="the map's title")
        parser.add_argument("--method", choices=sorted(embedding.EMBEDDERS), default="use")
        parser.add_argument("--save", action="store_true", help="also store it on the site")
        parser.add_argument("--publish", action="store_true", help="with --save: publish it")

    def handle(self, *args, **options):
        path = Path(options["csv"])
        try:
            data = path.read_bytes()
            rows, _names = csvfile.read(data)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except csvfile.CsvError as error:
            raise CommandError(f"{path}: {error}") from None
        title = options["title"] or path.stem
        if not options["out"] and not options["save"]:
            raise CommandError("Give --out FILE (or '-') and/or --save.")

        if options["out"]:
            comments = [Comment(f"csv:{r.row}", r.text, r.attributes) for r in rows]
            result = runner.run(
                comments,
                method=options["method"],
                progress=lambda f, step: self.stderr.write(f"{int(f * 100):3d}% {step}"),
            )
            ids = [r.comment_id or str(r.row) for r in rows]
            document = exports.result_document(result, ids, title=title)
            text = json.dumps(document, ensure_ascii=False, indent=1)
            if options["out"] == "-":
                sys.stdout.write(text + "\n")
            else:
                Path(options["out"]).write_text(text, encoding="utf-8")
            state = "too small to group" if result.too_small else f"{len(result.broad)} groups"
            self.stderr.write(
                f"{len(rows)} comments, {len(result.opinions)} opinions "
                f"({len(result.short)} set aside): {state}"
            )

        if options["save"]:
            opinion_map = services.create_csv_map(
                title=title, data=data, published=options["publish"]
            )
            services.compute(opinion_map.pk, method=options["method"])
            opinion_map.refresh_from_db()
            self.stderr.write(f"saved map {opinion_map.pk}: {opinion_map.get_status_display()}")
