"""parliament on every rendered policy document, checkov on every rendered
StackSet template: no finding unless allowed_findings.yaml lists it with a
reason."""
import fnmatch
import json
import pathlib
import subprocess
import sys

import yaml
from parliament import analyze_policy_string

from conftest import rendered

ALLOWED = yaml.safe_load((pathlib.Path(__file__).parent / "allowed_findings.yaml").read_text())
NEWER_ACTIONS = ALLOWED["newer_actions"]


def newer_action(issue, detail):
    """An UNKNOWN_ACTION finding about an action of newer_actions."""
    return issue == "UNKNOWN_ACTION" and any(f"Unknown action {a}\"" in detail for a in NEWER_ACTIONS)


def allowed_by_parliament(issue, relative_path, detail):
    if newer_action(issue, detail):
        return True
    for rule in ALLOWED["parliament"].get(issue, []):
        if fnmatch.fnmatch(relative_path, rule["files"]) and rule["detail"] in detail:
            return True
    return False


def allowed_for_deployer(issue, name, detail):
    """A finding of a deployer permission document that an allowance marked deployer: true
    accepts."""
    return any(rule.get("deployer") and fnmatch.fnmatch(name, rule["files"]) and rule["detail"] in detail
               for rule in ALLOWED["parliament"].get(issue, []))


def test_parliament_finds_nothing_unexplained():
    documents = rendered("*/policies-iam/**/*.json")
    unexplained = []
    for path in documents:
        relative = "/".join(path.parts[path.parts.index("policies-iam") + 1:])
        policy = analyze_policy_string(path.read_text(), filepath=str(path))
        for finding in policy.findings:
            detail = json.dumps(finding.detail) + json.dumps(finding.location, default=str)
            if not allowed_by_parliament(finding.issue, relative, detail):
                unexplained.append(f"{relative}: {finding.issue} {detail}")
    assert len(documents) > 40
    assert unexplained == [], "fix these or list them with a reason in allowed_findings.yaml"


def test_deployer_permissions_have_no_finding_at_all():
    """The permissions of the principals running OrgBackup and MemberAccount
    (render's managed policies policies-iam/deployer-<n>.json and
    deployer-member/<deployment>-<n>.json, derived from the plans by provider/deployer) are
    checked on their own: no allowance applies but for actions parliament's database does not
    know yet (newer_actions) and those of allowed_findings.yaml marked deployer: true."""
    examples = rendered("*/policies-iam")
    central = rendered("*/policies-iam/deployer-*.json")
    assert {p.parent.parent for p in central} == {p.parent for p in examples}
    members = rendered("*/policies-iam/deployer-member/*-*.json")
    assert {p.parent.parent.parent for p in members} == {p.parent.parent for p in central}
    for path in central + members:
        findings = analyze_policy_string(path.read_text(), filepath=str(path)).findings
        findings = [f for f in findings if not newer_action(f.issue, json.dumps(f.detail))
                    and not allowed_for_deployer(f.issue, path.name, json.dumps(f.detail))]
        assert [(f.issue, f.detail) for f in findings] == [], path


def test_every_allowed_parliament_finding_still_occurs():
    """An allowance nothing needs any more is removed, not kept around."""
    used = set()
    for path in rendered("*/policies-iam/**/*.json"):
        relative = "/".join(path.parts[path.parts.index("policies-iam") + 1:])
        for finding in analyze_policy_string(path.read_text(), filepath=str(path)).findings:
            detail = json.dumps(finding.detail) + json.dumps(finding.location, default=str)
            for i, rule in enumerate(ALLOWED["parliament"].get(finding.issue, [])):
                if fnmatch.fnmatch(relative, rule["files"]) and rule["detail"] in detail:
                    used.add((finding.issue, i))
    listed = {(issue, i) for issue, rules in ALLOWED["parliament"].items() for i in range(len(rules))}
    assert listed - used == set()


def test_checkov_finds_nothing_unexplained():
    templates = rendered("*/stacksets/*.json")
    checkov = pathlib.Path(sys.executable).parent / "checkov"
    failed = {}
    for template in templates:
        result = subprocess.run([str(checkov), "--file", str(template), "--framework", "cloudformation",
                                 "--output", "json", "--quiet", "--skip-download"],
                                capture_output=True, text=True)
        report = json.loads(result.stdout)
        for check in report.get("results", {}).get("failed_checks", []):
            failed.setdefault(check["check_id"], []).append(f"{template.parent.parent.name}: {check['resource']}")
    unexplained = {check: where for check, where in failed.items() if check not in ALLOWED["checkov"]}
    assert unexplained == {}, "fix these or list them with a reason in allowed_findings.yaml"
    assert set(ALLOWED["checkov"]) - set(failed) == set(), "an allowance nothing needs any more"
