"""On PostgreSQL the database refuses to change or delete a meeting event: the log is only
ever added to, as the model already insists."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION onrecord_meetingevent_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'meeting events are never deleted' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RAISE EXCEPTION 'a meeting event is never changed' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER meetings_meetingevent_guard
    BEFORE UPDATE OR DELETE ON meetings_meetingevent
    FOR EACH ROW EXECUTE FUNCTION onrecord_meetingevent_guard();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS meetings_meetingevent_guard ON meetings_meetingevent;
DROP FUNCTION IF EXISTS onrecord_meetingevent_guard();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
