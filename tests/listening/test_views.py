"""Pages, exports and the staff pages, with hostile and unauthorised input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from listening import services
from listening.models import Group, OpinionMap
from tests.listening.conftest import csv_bytes, fill_room, sample_rows
from tests.listening.test_kouchou_viewer import viewer_problems

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_embeddings")]
SCHEMA = json.loads(
    (
        Path(__file__).resolve().parents[2] / "listening/schemas/hierarchical_result.schema.json"
    ).read_text()
)


@pytest.fixture
def csv_map(sample_csv):
    opinion_map = services.create_csv_map(
        title="パブリックコメント", data=sample_csv, published=True
    )
    services.compute(opinion_map.pk)
    opinion_map.refresh_from_db()
    return opinion_map


@pytest.fixture
def private_map(people):
    fill_room(people.private_room, sample_rows())
    opinion_map = services.create_map(
        title="非公開の対話", source_kind="room", room=people.private_room, published=True
    )
    services.compute(opinion_map.pk)
    return opinion_map


def url(name, *args):
    return reverse(f"listening:{name}", args=args)


def test_map_page_has_an_accessible_svg_and_a_group_list(client, csv_map):
    response = client.get(url("map", csv_map.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="group"' in html and '<title id="map-svg-title">' in html
    assert '<desc id="map-svg-desc">' in html
    broad = list(csv_map.groups.filter(level=1))
    for group in broad:
        assert url("group", csv_map.pk, group.pk) in html
        assert group.label in html
    assert html.count("data-group-link=") == len(broad)
    assert html.count("<circle") == csv_map.opinion_count
    assert "<q>" in html  # quotes
    assert "hierarchical_result.json" in html


def test_group_page_lists_opinions_with_their_source(client, csv_map):
    group = csv_map.groups.filter(level=1).first()
    response = client.get(url("group", csv_map.pk, group.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("opinion-list__source") == group.size
    for opinion in group.broad_opinions.all():
        assert opinion.text in html


def test_fine_group_page_links_back_to_its_broad_group(client, csv_map):
    fine = csv_map.groups.filter(level=2).first()
    html = client.get(url("group", csv_map.pk, fine.pk)).content.decode()
    assert url("group", csv_map.pk, fine.parent_id) in html


def test_filter_by_attribute_narrows_counts_and_dots(client, csv_map):
    ages = sorted({r["age"] for r in sample_rows()})
    index = csv_map.attribute_names.index("age")
    response = client.get(url("map", csv_map.pk), {f"a{index}": ages[0]})
    expected = sum(1 for r in sample_rows() if r["age"] == ages[0])
    html = response.content.decode()
    assert html.count("<circle") == expected
    assert f'<option value="{ages[0]}" selected>' in html


@pytest.mark.parametrize(
    "params",
    [{"a0": "<script>alert(1)</script>"}, {"a99": "x"}, {"a0": "x" * 5000}, {"page": "-1"}],
)
def test_garbage_filters_are_ignored(client, csv_map, params):
    response = client.get(url("map", csv_map.pk), params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    group = csv_map.groups.first()
    assert client.get(url("group", csv_map.pk, group.pk), params).status_code == 200


def test_a_group_of_another_map_is_not_found(client, csv_map, sample_csv):
    other = services.create_csv_map(title="別", data=sample_csv, published=True)
    services.compute(other.pk)
    group = other.groups.first()
    assert client.get(url("group", csv_map.pk, group.pk)).status_code == 404
    assert client.get(url("map", 999999)).status_code == 404


def test_html_in_comments_is_shown_as_text(client, people):
    rows = sample_rows()
    rows[0] = {"text": '<img src=x onerror="alert(1)">公園の遊具を直してほしいです。'}
    fill_room(people.public_room, rows)
    opinion_map = services.create_map(
        title="<b>題</b>", source_kind="room", room=people.public_room, published=True
    )
    services.compute(opinion_map.pk)
    html = client.get(url("map", opinion_map.pk)).content.decode()
    html += client.get(url("group", opinion_map.pk, opinion_map.groups.first().pk)).content.decode()
    assert "<img src=x" not in html and "<b>題</b>" not in html
    assert "&lt;b&gt;題&lt;/b&gt;" in html


def test_too_small_map_says_so(client, people):
    fill_room(people.public_room, sample_rows()[:5])
    opinion_map = services.create_map(
        title="小", source_kind="room", room=people.public_room, published=True
    )
    services.compute(opinion_map.pk)
    response = client.get(url("map", opinion_map.pk))
    assert "20" in response.content.decode()
    assert b"<svg" not in response.content


def test_private_room_map_pages_and_exports_by_role(client, people, private_map):
    pages = [
        url("map", private_map.pk),
        url("group", private_map.pk, private_map.groups.first().pk),
        url("export_json", private_map.pk),
        url("export_csv", private_map.pk),
        url("progress", private_map.pk),
    ]
    for page in pages:
        assert client.get(page).status_code == 302  # anonymous: sign in first
    client.force_login(people.outsider)
    for page in pages:
        assert client.get(page).status_code == 403
    client.force_login(people.participant)
    for page in pages:
        assert client.get(page).status_code == 200
    assert client.post(url("recompute", private_map.pk)).status_code == 403
    client.force_login(people.staff)
    assert client.post(url("recompute", private_map.pk)).status_code == 302


def test_map_list_shows_only_readable_maps(client, people, private_map, csv_map):
    html = client.get(url("maps")).content.decode()
    assert csv_map.title in html and private_map.title not in html
    client.force_login(people.participant)
    assert private_map.title in client.get(url("maps")).content.decode()


def test_kouchou_export_matches_the_schema_and_the_map(client, csv_map):
    response = client.get(url("export_json", csv_map.pk))
    assert response["Content-Disposition"].startswith("attachment")
    document = json.loads(response.content)
    jsonschema.validate(document, SCHEMA)
    assert viewer_problems(document) == []
    clusters = {c["id"]: c for c in document["clusters"]}
    assert clusters["0"]["level"] == 0 and clusters["0"]["parent"] == ""
    assert len(document["arguments"]) == csv_map.opinion_count
    assert document["comment_num"] == csv_map.comment_count
    for argument in document["arguments"]:
        root, broad, fine = argument["cluster_ids"]
        assert clusters[fine]["parent"] == broad and clusters[broad]["parent"] == root
        assert argument["comment_id"] in document["comments"]
    for c in document["clusters"][1:]:
        members = [a for a in document["arguments"] if c["id"] in a["cluster_ids"]]
        assert c["value"] == len(members)
    ids = {r["id"] for r in sample_rows()}
    assert {a["comment_id"] for a in document["arguments"]} == ids


def test_renamed_group_appears_in_exports(client, csv_map):
    group = csv_map.groups.filter(level=1).first()
    services.edit_group(group, name="子育て", takeaway="保育園を増やしてほしい。")
    document = json.loads(client.get(url("export_json", csv_map.pk)).content)
    cluster = next(c for c in document["clusters"] if c["id"] == group.kouchou_id)
    assert (cluster["label"], cluster["takeaway"]) == ("子育て", "保育園を増やしてほしい。")
    text = client.get(url("export_csv", csv_map.pk)).content.decode("utf-8-sig")
    assert "子育て" in text


def test_csv_export_defuses_formulas(client, people):
    rows = sample_rows()
    rows[0] = {"text": '=HYPERLINK("http://evil.example","公園の遊具を直してほしい")'}
    fill_room(people.public_room, rows)
    opinion_map = services.create_map(
        title="式", source_kind="room", room=people.public_room, published=True
    )
    services.compute(opinion_map.pk)
    response = client.get(url("export_csv", opinion_map.pk))
    assert response.content.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][:3] == ["arg_id", "comment_id", "opinion"]
    opinions = [row[2] for row in table[1:]]
    assert any(o.startswith("'=HYPERLINK") for o in opinions)
    assert not any(o.startswith("=") for o in opinions)


# --- staff pages -------------------------------------------------------------------------


def upload(client, data: bytes, name="comments.csv", **extra):
    return client.post(
        url("create"),
        {
            "title": "市民意見",
            "source_kind": "csv",
            "csv_file": SimpleUploadedFile(name, data, content_type="text/csv"),
            **extra,
        },
    )


def test_staff_upload_a_csv_and_see_the_map(client, people, sample_csv):
    client.force_login(people.staff)
    response = upload(client, sample_csv, published="on")
    opinion_map = OpinionMap.objects.get()
    assert response.status_code == 302 and response["Location"] == url("map", opinion_map.pk)
    assert opinion_map.status == OpinionMap.Status.READY and opinion_map.published
    page = client.get(url("map", opinion_map.pk)).content.decode()
    assert "Recompute" in page or "再計算" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ("id,comment\n1,公園\n".encode(), "text"),
        (b"text\n\x80\x80\xff\xfe\x85\n", "UTF-8"),
        (b"", "empty"),
    ],
)
def test_bad_uploads_get_a_clear_error_and_store_nothing(client, people, data, message):
    client.force_login(people.staff)
    response = upload(client, data)
    assert response.status_code == 200
    assert message.lower() in response.content.decode().lower() or "空" in response.content.decode()
    assert not OpinionMap.objects.exists()


def test_room_source_needs_a_room(client, people):
    client.force_login(people.staff)
    response = client.post(url("create"), {"title": "x", "source_kind": "room"})
    assert response.status_code == 200 and not OpinionMap.objects.exists()
    response = client.post(url("create"), {"title": "x", "source_kind": "bogus"})
    assert response.status_code == 200 and not OpinionMap.objects.exists()


def test_staff_map_of_a_room(client, people):
    fill_room(people.public_room, sample_rows())
    client.force_login(people.staff)
    client.post(
        url("create"), {"title": "部屋", "source_kind": "room", "room": people.public_room.pk}
    )
    assert OpinionMap.objects.get().status == OpinionMap.Status.READY


@pytest.mark.parametrize("role", ["anonymous", "outsider", "participant", "moderator"])
def test_non_staff_cannot_create_recompute_or_rename(client, people, csv_map, sample_csv, role):
    if role != "anonymous":
        client.force_login(getattr(people, role))
    group = csv_map.groups.first()
    expected = {302} if role == "anonymous" else {403}
    assert upload(client, sample_csv).status_code in expected
    assert client.post(url("recompute", csv_map.pk)).status_code in expected
    assert (
        client.post(url("group_edit", csv_map.pk, group.pk), {"name": "x"}).status_code in expected
    )
    assert client.post(url("edit", csv_map.pk), {"title": "x"}).status_code in expected
    group.refresh_from_db()
    assert group.name == ""
    assert OpinionMap.objects.count() == 1


def test_staff_rename_and_takeaway(client, people, csv_map):
    client.force_login(people.staff)
    group = csv_map.groups.filter(level=1).first()
    response = client.post(
        url("group_edit", csv_map.pk, group.pk),
        {"name": "交通の声", "takeaway": "バスの本数を増やしてほしいという声。"},
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.display_name == "交通の声"
    assert "交通の声" in client.get(url("map", csv_map.pk)).content.decode()
    too_long = client.post(url("group_edit", csv_map.pk, group.pk), {"name": "x" * 500})
    assert too_long.status_code == 200
    group.refresh_from_db()
    assert group.name == "交通の声"


def test_recompute_is_post_only(client, people, csv_map):
    client.force_login(people.staff)
    assert client.get(url("recompute", csv_map.pk)).status_code == 405


def test_unpublished_map_is_for_staff(client, people, csv_map):
    client.force_login(people.staff)
    client.post(url("edit", csv_map.pk), {"title": csv_map.title, "question": ""})
    csv_map.refresh_from_db()
    assert not csv_map.published
    client.logout()
    assert client.get(url("map", csv_map.pk)).status_code == 302


def test_progress_is_reported(client, csv_map):
    state = client.get(url("progress", csv_map.pk)).json()
    assert state == {"status": "ready", "progress": 100, "step": ""}


# --- the command ------------------------------------------------------------------------


def test_command_writes_a_kouchou_result(tmp_path):
    source = tmp_path / "comments.csv"
    source.write_bytes(b"\xef\xbb\xbf" + csv_bytes(sample_rows()))
    out = tmp_path / "result.json"
    call_command("opinion_map", csv=str(source), out=str(out))
    document = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(document, SCHEMA)
    assert {a["comment_id"] for a in document["arguments"]} == {r["id"] for r in sample_rows()}
    assert not OpinionMap.objects.exists()


def test_command_can_store_the_map(tmp_path):
    source = tmp_path / "comments.csv"
    source.write_bytes(csv_bytes(sample_rows()))
    call_command("opinion_map", csv=str(source), save=True, publish=True, title="保存")
    opinion_map = OpinionMap.objects.get()
    assert opinion_map.published and opinion_map.status == OpinionMap.Status.READY
    assert Group.objects.filter(map=opinion_map).exists()


def test_command_refuses_a_csv_without_text(tmp_path):
    source = tmp_path / "bad.csv"
    source.write_bytes("id,body\n1,公園\n".encode())
    with pytest.raises(CommandError, match="text"):
        call_command("opinion_map", csv=str(source), out=str(tmp_path / "r.json"))
    with pytest.raises(CommandError):
        call_command("opinion_map", csv=str(tmp_path / "missing.csv"), out="-")


def test_staff_find_the_maps_in_the_wagtail_menu(client, people):
    from members import roles
    from tests.members.factories import UserFactory, in_group

    staff = in_group(UserFactory(two_step=True), roles.CITY_STAFF)
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    from listening.wagtail_hooks import opinion_maps_menu_item

    item = opinion_maps_menu_item()
    request = client.get("/").wsgi_request
    request.user = staff
    assert item.is_shown(request)
    request.user = people.outsider
    assert not item.is_shown(request)
