"""Each attachment keeps its own file name (``Evidence.file_name``); existing rows get the name their
stored file was uploaded under, so no name is lost (identical bytes had kept only the first one)."""

from django.db import migrations, models


def copy_names(apps, schema_editor):
    Evidence = apps.get_model("evaluations", "Evidence")
    HistoricalEvidence = apps.get_model("evaluations", "HistoricalEvidence")
    EvidenceFile = apps.get_model("evaluations", "EvidenceFile")
    names = dict(EvidenceFile.objects.values_list("pk", "original_name"))
    for model in (Evidence, HistoricalEvidence):
        rows = list(model.objects.filter(file__isnull=False, file_name="").only("pk", "file_id"))
        for row in rows:
            row.file_name = names.get(row.file_id, "")[:255]
        model.objects.bulk_update(rows, ["file_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0015_recorded_final")]

    operations = [
        migrations.AddField(
            model_name="evidence",
            name="file_name",
            field=models.CharField(blank=True, max_length=255, verbose_name="nama file"),
        ),
        migrations.AddField(
            model_name="historicalevidence",
            name="file_name",
            field=models.CharField(blank=True, max_length=255, verbose_name="nama file"),
        ),
        migrations.RunPython(copy_names, migrations.RunPython.noop),
    ]
