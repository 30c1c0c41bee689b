"""The unit's settings (from portal) and the organisation's units (from organisation) moved to core with their rows.

The database is taken back to the schema of the commit before the move (portal 0004, organisation 0001, questions
0001, no core), filled through the models of that time (settings, units, a leader, a question assigned to a unit,
a group allowed to change both), then migrated forward: every row, link and permission must still be there.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_THE_MOVE = [
    ("portal", "0004_vietnamese_default_workflow"),
    ("organisation", "0001_initial"),
    ("questions", "0001_initial"),
    ("core", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    applied = MigrationExecutor(connection).loader.applied_migrations
    graph = executor.loader.graph
    return executor.loader.project_state([node for node in applied if node in graph.nodes]).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_moved_models_keep_rows_links_and_permissions(home):
    old = _migrate(BEFORE_THE_MOVE)
    site = old.get_model("wagtailcore", "Site").objects.get(is_default_site=True)
    old.get_model("portal", "PortalSettings").objects.update_or_create(
        site=site, defaults={"unit_name": "Bát Xát", "phone": "0214 3883 100", "comments_enabled": False}
    )
    unit_model = old.get_model("organisation", "Unit")
    office = unit_model.objects.create(name="Văn phòng HĐND và UBND", kind="office")
    finance = unit_model.objects.create(name="Phòng Tài chính - Kế hoạch", parent=office)
    old.get_model("organisation", "Leader").objects.create(full_name="Lò Văn A", position="Chánh Văn phòng",
                                                           unit=office)
    question = old.get_model("questions", "Question").objects.create(
        name="Người hỏi", email="hoi@example.vn", subject="Hỏi về thuế", question="Nội dung", unit=finance
    )
    content_types = old.get_model("contenttypes", "ContentType").objects
    permissions = old.get_model("auth", "Permission").objects
    group = old.get_model("auth", "Group").objects.create(name="Biên tập thử")
    for app_label, model in (("portal", "portalsettings"), ("organisation", "unit")):
        content_type, _ = content_types.get_or_create(app_label=app_label, model=model)
        permission, _ = permissions.get_or_create(
            content_type=content_type, codename=f"change_{model}", defaults={"name": f"Can change {model}"}
        )
        group.permissions.add(permission)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django.contrib.auth.models import Group
    from wagtail.models import Site

    from core.models import PortalSettings, Unit
    from organisation.models import Leader
    from questions.models import Question

    settings_row = PortalSettings.objects.get(site=Site.objects.get(is_default_site=True))
    assert (settings_row.unit_name, settings_row.phone, settings_row.comments_enabled) == (
        "Bát Xát", "0214 3883 100", False)
    assert PortalSettings._meta.db_table == "portal_portalsettings"
    assert Unit._meta.db_table == "organisation_unit"
    assert Unit.objects.get(pk=finance.pk).parent_id == office.pk
    assert Leader.objects.get(full_name="Lò Văn A").unit.name == "Văn phòng HĐND và UBND"
    assert Question.objects.get(pk=question.pk).unit == Unit.objects.get(pk=finance.pk)
    permissions = Group.objects.get(name="Biên tập thử").permissions.all()
    granted = {f"{permission.content_type.app_label}.{permission.codename}" for permission in permissions}
    assert granted == {"core.change_portalsettings", "core.change_unit"}


def test_old_admin_addresses_lead_to_the_moved_models(admin_client):
    response = admin_client.get("/admin/settings/portal/portalsettings/2/?tab=1")
    assert response.status_code == 302
    assert response["Location"] == "/admin/settings/core/portalsettings/2/?tab=1"
    response = admin_client.get("/admin/snippets/organisation/unit/")
    assert response["Location"] == "/admin/snippets/core/unit/"
    assert admin_client.get(response["Location"]).status_code == 200
