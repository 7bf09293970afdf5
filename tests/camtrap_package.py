"""A small Camtrap DP package for tests: two LLNP cameras, one leopard photographed three times,
a tiger once, one photo file (the shape real exports from the parks have)."""
import base64
import csv
import json
from pathlib import Path

from bigcats.ingest import camtrapdp

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def write_csv(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def make_package(folder: Path) -> Path:
    """Two LLNP cameras, one leopard photographed three times, a tiger once, one photo file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "media").mkdir(exist_ok=True)
    (folder / "media" / "leo-1.png").write_bytes(PNG)
    write_csv(folder / "deployments.csv", [
        {"deploymentID": "T-CAM-1", "locationID": "L1", "latitude": "42.465722", "longitude": "130.583894",
         "deploymentStart": "2014-01-10T00:00:00+10:00", "deploymentEnd": "2014-05-10T00:00:00+10:00",
         "deploymentGroups": "country:RU | park:LLNP", "deploymentTags": "gridCell:tumen:-7:-21"},
        {"deploymentID": "T-CAM-2", "locationID": "L2", "latitude": "42.462084", "longitude": "130.630532",
         "deploymentStart": "2014-01-10T00:00:00+10:00", "deploymentEnd": "2014-05-10T00:00:00+10:00",
         "deploymentGroups": "country:RU | park:LLNP", "deploymentTags": ""}])
    write_csv(folder / "media.csv", [
        {"mediaID": "M1", "deploymentID": "T-CAM-1", "captureMethod": "activityDetection",
         "timestamp": "2014-02-01T22:10:00+10:00", "filePath": "media/leo-1.png", "filePublic": "false",
         "fileName": "leo-1.png", "fileMediatype": "image/png"}])
    base = {"mediaID": "", "eventID": "", "observationLevel": "event", "observationType": "animal",
            "count": "1", "lifeStage": "adult", "sex": "female", "individualID": "Leo 99F",
            "scientificName": "Panthera pardus orientalis"}
    write_csv(folder / "observations.csv", [
        {**base, "observationID": "O1", "deploymentID": "T-CAM-1", "mediaID": "M1",
         "eventStart": "2014-02-01T22:10:00+10:00", "eventEnd": "2014-02-01T22:10:30+10:00"},
        {**base, "observationID": "O2", "deploymentID": "T-CAM-2",
         "eventStart": "2014-02-09T03:00:00+10:00", "eventEnd": "2014-02-09T03:00:00+10:00", "sex": ""},
        {**base, "observationID": "O3", "deploymentID": "T-CAM-1",
         "eventStart": "2014-03-01T21:00:00+10:00", "eventEnd": "2014-03-01T21:00:00+10:00", "sex": "male"},
        {**base, "observationID": "O4", "deploymentID": "T-CAM-2", "individualID": "",
         "scientificName": "Panthera tigris altaica", "sex": "",
         "eventStart": "2014-03-02T21:00:00+10:00", "eventEnd": "2014-03-02T21:00:00+10:00"},
        {**base, "observationID": "O5", "deploymentID": "T-CAM-2", "individualID": "", "scientificName": "",
         "observationType": "blank", "count": "", "lifeStage": "", "sex": "",
         "eventStart": "2014-03-03T21:00:00+10:00", "eventEnd": "2014-03-03T21:00:00+10:00"}])
    write_csv(folder / "individuals.csv", [
        {"individualID": "Leo 99F", "scientificName": "Panthera pardus orientalis", "sex": "female",
         "aliases": "Bright Eye", "catalogueIDs": "LLNP:Leo 99F", "firstDetectionDate": "2014-02-01",
         "firstDetectionDeploymentID": "T-CAM-1", "firstDetectionCountry": "RU", "sexesPhotographed": "female, male"}])
    desc = {
        "profile": camtrapdp.PROFILE, "name": "llnp-test", "id": "test-1", "created": "2024-01-01T00:00:00Z",
        "contributors": [{"title": "Land of the Leopard"}],
        "project": {"title": "t", "samplingDesign": "systematicRandom", "captureMethod": ["activityDetection"],
                    "individualAnimals": True, "observationLevel": ["event"]},
        "spatial": {"type": "Point", "coordinates": [130.6, 42.46]}, "temporal": {"start": "2014-01-10", "end": "2014-05-10"},
        "taxonomic": [{"scientificName": "Panthera pardus orientalis"}],
        "resources": [{"name": n, "path": f"{n}.csv", "profile": "tabular-data-resource",
                       "schema": camtrapdp.SCHEMA.format(n)} for n in ("deployments", "media", "observations")]
        + [{"name": "individuals", "path": "individuals.csv"}]}
    (folder / "datapackage.json").write_text(json.dumps(desc, indent=1), encoding="utf-8")
    return folder
