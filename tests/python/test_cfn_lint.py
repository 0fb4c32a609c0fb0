"""cfn-lint on every rendered StackSet template."""
import json
import pathlib
import subprocess
import sys

import yaml

from conftest import rendered_templates

ALLOWED = yaml.safe_load((pathlib.Path(__file__).parent / "cfn_lint_allow.yaml").read_text()) or {}


def test_cfn_lint_finds_nothing_unexplained():
    templates = rendered_templates()
    cfn_lint = pathlib.Path(sys.executable).parent / "cfn-lint"
    result = subprocess.run([str(cfn_lint), "--format", "json", *map(str, templates)], capture_output=True, text=True)
    assert result.returncode in (0, 2, 4, 6, 8, 10, 12, 14), result.stderr  # bit 1 would be a crash
    findings = json.loads(result.stdout or "[]")
    errors = [f for f in findings if f["Level"] == "Error"]
    assert errors == [], "cfn-lint errors are never accepted"
    unexplained = [f for f in findings if f["Rule"]["Id"] not in ALLOWED]
    assert unexplained == [], "fix these or list them with a reason in cfn_lint_allow.yaml"


def test_templates_are_minified_json_with_inline_code_within_the_limits():
    for path in rendered_templates():
        text = path.read_text()
        template = json.loads(text)
        assert "\n" not in text, "minified"
        # CloudFormation's inline code limit is the 4MB of its zip (it dropped 4096 characters:
        # https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-code.html#cfn-lambda-function-code-zipfile);
        # the StackSet's TemplateBody, which holds the code, takes at most 51,200 bytes
        # (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html).
        assert len(text.encode()) <= 51200, "a StackSet's TemplateBody takes at most 51,200 bytes"
        assert template["Resources"]["VaultManager"]["Properties"]["Code"]["ZipFile"], "the code is inline"


def test_cfn_lint_knows_service_timeout(tmp_path):
    """cfn-lint 1.51.0 has ServiceTimeout in its AWS::CloudFormation::CustomResource schema, which it also applies
    to Custom::<name> types: it checks that the value is an integer (the documented range 1-3600 is not in its
    schema; checked below)
    (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-customresource.html)."""
    cfn_lint = pathlib.Path(sys.executable).parent / "cfn-lint"

    def errors(resource_type, timeout):
        template = tmp_path / f"{resource_type.replace(':', '')}-{timeout}.json"
        template.write_text(json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"R": {
            "Type": resource_type, "Properties": {
                "ServiceToken": "arn:aws:lambda:eu-west-2:123456789012:function:f", "ServiceTimeout": timeout}}}}))
        result = subprocess.run([str(cfn_lint), "--format", "json", str(template)], capture_output=True, text=True)
        return [f["Rule"]["Id"] for f in json.loads(result.stdout or "[]") if f["Level"] == "Error"]
    for resource_type in ("AWS::CloudFormation::CustomResource", "Custom::BackupVault"):
        assert errors(resource_type, 300) == []
        assert errors(resource_type, "soon") == ["E3012"], "the property's type is checked"
    for path in rendered_templates():
        resources = json.loads(path.read_text())["Resources"]
        for logical_id, r in resources.items():
            if r["Type"].startswith("Custom::"):
                assert 1 <= r["Properties"]["ServiceTimeout"] <= 3600, f"{path} {logical_id}"
