"""The StackSet's custom resource function, against moto."""
import json
import os

import boto3
import pytest
from moto import mock_aws

import moto_backup
from conftest import (RESTORE_COPIES, STACK_ID, VAULT_MANAGER, CfnResponses, event, load_vault_manager, policy,
                      policy_base, rendered_templates)

moto_backup.install()

KEY = "arn:aws:kms:eu-west-2:111111111111:key/mrk-1234"
OTHER_KEY = "arn:aws:kms:eu-west-2:111111111111:key/other"


@pytest.fixture
def aws():
    with mock_aws():
        yield


def template_code():
    template = json.loads(rendered_templates()[0].read_text())
    return template["Resources"]["VaultManager"]["Properties"]["Code"]["ZipFile"]


@pytest.fixture(params=["source", "template"])
def handler(request):
    """The function as written, and as the template inlines it (compacted)."""
    responses = CfnResponses()
    code = VAULT_MANAGER.read_text() if request.param == "source" else template_code()
    return load_vault_manager(code, responses), responses


@pytest.fixture
def configure(monkeypatch):
    """Sets the function's environment as the template does."""
    def setenv(statement="ProtectVaultAndContents", tags="{}", backup_key=KEY):
        backup = {"BackupVaultName": "org-web-cmk", "Statements": [RESTORE_COPIES]}
        if backup_key:
            backup["Create"] = {"EncryptionKeyArn": backup_key}
        vaults = {"BackupVault": backup, "RestoreVault": {"BackupVaultName": "org-web-default"},
                  "AirGappedVault": AIR_GAPPED, "LockedVault": LOCKED}
        monkeypatch.setenv("AWS_REGION", "eu-west-2")  # Lambda sets it
        monkeypatch.setenv("STACK_ID", STACK_ID)
        monkeypatch.setenv("VAULTS", json.dumps(vaults))
        monkeypatch.setenv("VAULT_POLICY", json.dumps(policy_base(statement)))
        monkeypatch.setenv("VAULT_TAGS", tags)
    setenv()
    return setenv


# A member logically air-gapped vault as VAULTS holds it: its retention, its team and its whole policy.
# The vault manager's role, by its name in the account and region (on its path), is the one principal it exempts.
VAULT_MANAGER_ROLE = "arn:aws:iam::123456789012:role/org-web-vault-manager/org-web-vault-manager-eu-west-2"
TEAM = "arn:aws:mpa:us-east-1:888888888888:approval-team/recovery"
LAG_DENIES = [{"Sid": "ProtectVaultAndContents", "Action": ["backup:DeleteBackupVault"]},
              {"Sid": "ProtectVaultPolicy", "Action": "backup:PutBackupVaultAccessPolicy",
               "ExemptAlso": [VAULT_MANAGER_ROLE]}]
LAG_POLICY = [{"Sid": "ProtectVaultAndContents", "Effect": "Deny", "Principal": {"AWS": "*"},
               "Action": ["backup:DeleteBackupVault"], "Resource": "*"},
              {"Sid": "ProtectVaultPolicy", "Effect": "Deny", "Principal": {"AWS": "*"},
               "Action": "backup:PutBackupVaultAccessPolicy", "Resource": "*",
               "Condition": {"ArnNotLike": {"aws:PrincipalArn": VAULT_MANAGER_ROLE}}}]
AIR_GAPPED = {"BackupVaultName": "org-web-lag-7-35", "AirGapped": True,
              "Create": {"MinRetentionDays": 7, "MaxRetentionDays": 35},
              "Expect": {"VaultType": "LOGICALLY_AIR_GAPPED_BACKUP_VAULT", "EncryptionKeyType": "AWS_OWNED_KMS_KEY"},
              "MpaApprovalTeamArn": TEAM, "Denies": LAG_DENIES}


# The member compliance-locked vault of in-account copies as VAULTS holds it (member.vaultsJSON): on the backup
# vault's key (KeyOf), its lock as [MinRetentionDays, MaxRetentionDays, ChangeableForDays], no statement of its own.
LOCKED = {"BackupVaultName": "org-web-locked-7-365", "KeyOf": "BackupVault", "Lock": [7, 365, 3]}


def vault_event(request_type="Create", logical_id="BackupVault", properties=None, old_tags=None):
    """A request as CloudFormation sends it; old_tags stands for OldResourceProperties.Tags."""
    name = {"BackupVault": "org-web-cmk", "RestoreVault": "org-web-default",
            "AirGappedVault": "org-web-lag-7-35", "LockedVault": "org-web-locked-7-365"}.get(logical_id, logical_id)
    e = event(request_type, "Custom::BackupVault", logical_id, properties or {},
              physical_id=None if request_type == "Create" else name)
    if old_tags is not None:
        e["OldResourceProperties"] = {"Tags": old_tags}
    return e


def backup():
    return boto3.client("backup")


def vault_names():
    return sorted(v["BackupVaultName"] for v in backup().list_backup_vaults()["BackupVaultList"])


def vault_tags(name):
    arn = backup().describe_backup_vault(BackupVaultName=name)["BackupVaultArn"]
    return backup().list_tags(ResourceArn=arn)["Tags"]


def stored_policy(name):
    return json.loads(backup().get_backup_vault_access_policy(BackupVaultName=name)["Policy"])


def test_creates_the_vault_with_its_key_and_policy(aws, handler, configure):
    module, responses = handler
    module.handler(vault_event(), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert responses.sent[-1]["PhysicalResourceId"] == "org-web-cmk"
    vault = backup().describe_backup_vault(BackupVaultName="org-web-cmk")
    assert vault["EncryptionKeyArn"] == KEY
    assert responses.sent[-1]["Data"]["BackupVaultArn"] == vault["BackupVaultArn"]
    assert stored_policy("org-web-cmk") == policy(own=[RESTORE_COPIES])


def test_a_crafted_invocation_only_applies_the_template(aws, handler, configure):
    module, responses = handler
    crafted = vault_event(properties={"BackupVaultName": "org-web-cmk", "EncryptionKeyArn": OTHER_KEY,
                                      "AccessPolicy": policy("AttackerPolicy"), "Tags": '{"owner":"attacker"}'})
    module.handler(crafted, None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert stored_policy("org-web-cmk") == policy(own=[RESTORE_COPIES]), "the policy is the template's"
    assert backup().describe_backup_vault(BackupVaultName="org-web-cmk")["EncryptionKeyArn"] == KEY
    assert vault_tags("org-web-cmk") == {}


def test_a_crafted_logical_id_changes_nothing(aws, handler, configure):
    module, responses = handler
    module.handler(vault_event(logical_id="attacker-vault"), None)
    assert responses.sent[-1]["Status"] == "FAILED"
    assert vault_names() == []


def test_requests_of_another_stack_change_nothing(aws, handler, configure):
    module, responses = handler
    other = vault_event()
    other["StackId"] = "arn:aws:cloudformation:eu-west-2:123456789012:stack/attacker/2"
    module.handler(other, None)
    assert responses.sent[-1]["Status"] == "FAILED"
    assert vault_names() == []


@pytest.mark.parametrize("url", [
    "https://attacker.example.com/collect",
    "http://cloudformation-custom-resource-response-euwest2.s3.amazonaws.com/x",
    "https://cloudformation-custom-resource-response-euwest2.s3.amazonaws.com.attacker.example/x",
    "https://bucket.s3.amazonaws.com/cloudformation-custom-resource-response-euwest2/x",
    "https://cloudformation-custom-resource-response-euwest2-attacker.s3.amazonaws.com/x",
    "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x",
    None,
])
def test_answers_only_cloudformation_response_buckets(aws, handler, configure, url):
    module, responses = handler
    e = vault_event()
    e["ResponseURL"] = url
    module.handler(e, None)
    assert responses.sent == [], "nothing is sent to a URL that is not CloudFormation's"
    assert vault_names() == []


def test_adopts_an_existing_vault_and_sets_a_changed_policy(aws, handler, configure):
    module, responses = handler
    existing = backup().create_backup_vault(BackupVaultName="org-web-cmk", EncryptionKeyArn=KEY)
    configure(statement="Updated")
    module.handler(vault_event(), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert responses.sent[-1]["Data"]["BackupVaultArn"] == existing["BackupVaultArn"]
    assert stored_policy("org-web-cmk") == policy("Updated", own=[RESTORE_COPIES])
    assert vault_names() == ["org-web-cmk"]


def test_a_create_retried_after_it_succeeded_adopts_the_vault(aws, handler, configure, monkeypatch):
    """botocore retries a call whose response timed out; the first attempt may have created the vault, so
    the retry gets AlreadyExistsException (seen when moto answered slowly under load)."""
    module, responses = handler
    real = boto3.client

    def client(name, *args, **kwargs):
        c = real(name, *args, **kwargs)
        if name == "backup":
            create = c.create_backup_vault

            def created_then_refused(**kw):
                create(**kw)
                return create(**kw)
            c.create_backup_vault = created_then_refused
        return c
    monkeypatch.setattr(boto3, "client", client)
    module.handler(vault_event(), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert backup().describe_backup_vault(BackupVaultName="org-web-cmk")["EncryptionKeyArn"] == KEY
    assert stored_policy("org-web-cmk") == policy(own=[RESTORE_COPIES])


def test_adoption_leaves_an_equal_policy_alone(aws, handler, configure, monkeypatch):
    module, responses = handler
    module.handler(vault_event(), None)
    calls = []
    real = boto3.client

    def client(name, *args, **kwargs):
        c = real(name, *args, **kwargs)
        if name == "backup":
            c.put_backup_vault_access_policy = lambda **kw: calls.append(kw)
        return c
    monkeypatch.setattr(boto3, "client", client)
    module.handler(vault_event("Update"), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert calls == [], "the policy is only put when it changes"


def test_tags_the_vault_it_creates(aws, handler, configure):
    module, responses = handler
    configure(tags='{"team":"platform","cost-centre":"42"}')
    module.handler(vault_event(), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert vault_tags("org-web-cmk") == {"team": "platform", "cost-centre": "42"}


def test_update_sets_new_tags_and_removes_dropped_ones(aws, handler, configure):
    module, responses = handler
    configure(tags='{"team":"platform","cost-centre":"42"}')
    module.handler(vault_event(), None)
    configure(tags='{"team":"backup"}')
    module.handler(vault_event("Update", old_tags='{"team":"platform","cost-centre":"42"}'), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert vault_tags("org-web-cmk") == {"team": "backup"}


def test_dropped_tags_come_from_the_vault_not_the_event(aws, handler, configure):
    module, responses = handler
    configure(tags='{"team":"platform","cost-centre":"42"}')
    module.handler(vault_event(), None)
    configure(tags='{"team":"platform"}')
    # A crafted or stale OldResourceProperties names neither the tag to drop nor the one to keep.
    module.handler(vault_event("Update", old_tags='{"team":"x"}'), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert vault_tags("org-web-cmk") == {"team": "platform"}


def test_adoption_gives_the_vault_the_templates_tags(aws, handler, configure):
    module, responses = handler
    backup().create_backup_vault(BackupVaultName="org-web-cmk", EncryptionKeyArn=KEY, BackupVaultTags={"owner": "someone"})
    configure(tags='{"team":"platform"}')
    module.handler(vault_event(), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert vault_tags("org-web-cmk") == {"team": "platform"}


def create_on_a_vault_with_another_key(module, responses):
    backup().create_backup_vault(BackupVaultName="org-web-cmk", EncryptionKeyArn=OTHER_KEY)
    module.handler(vault_event(), None)
    assert responses.sent[-1]["Status"] == "FAILED"


def test_refuses_an_existing_vault_on_another_key(aws, handler, configure):
    module, responses = handler
    create_on_a_vault_with_another_key(module, responses)
    assert "exists, not as the template makes it" in responses.sent[-1]["Reason"]


def test_restore_vault_uses_the_aws_managed_key(aws, handler, configure):
    module, responses = handler
    module.handler(vault_event(logical_id="RestoreVault"), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert "org-web-default" in vault_names()


def test_delete_keeps_the_vault(aws, handler, configure):
    module, responses = handler
    module.handler(vault_event(), None)
    module.handler(vault_event("Delete"), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", "an account leaving the OU never blocks its stack"
    assert responses.sent[-1]["PhysicalResourceId"] == "org-web-cmk"
    assert vault_names() == ["org-web-cmk"], "the vault policy denies deleting it; a later stack adopts it"


def test_rollback_of_a_failed_create_keeps_the_existing_vault(aws, handler, configure):
    module, responses = handler
    create_on_a_vault_with_another_key(module, responses)
    rollback = vault_event("Delete")
    rollback["PhysicalResourceId"] = responses.sent[-1]["PhysicalResourceId"]
    module.handler(rollback, None)
    assert responses.sent[-1]["Status"] == "SUCCESS"
    assert vault_names() == ["org-web-cmk"]


def test_delete_of_a_missing_vault_succeeds(aws, handler, configure):
    module, responses = handler
    module.handler(vault_event("Delete"), None)
    assert responses.sent[-1]["Status"] == "SUCCESS"


def test_creates_the_service_linked_role_only_when_missing(aws, handler, configure):
    module, responses = handler
    slr = event("Create", "Custom::BackupServiceLinkedRole", "BackupServiceLinkedRole", {})
    module.handler(slr, None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    role = boto3.client("iam").get_role(RoleName="AWSServiceRoleForBackup")["Role"]
    assert role["Path"] == "/aws-service-role/backup.amazonaws.com/"
    module.handler(slr, None)  # the role exists now: adopted, not created twice
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert responses.sent[-1]["Data"]["Arn"] == role["Arn"]
    module.handler(event("Delete", "Custom::BackupServiceLinkedRole", "BackupServiceLinkedRole", {},
                         physical_id="AWSServiceRoleForBackup"), None)
    assert boto3.client("iam").get_role(RoleName="AWSServiceRoleForBackup"), "never deleted"


def test_unknown_resource_types_fail(aws, handler, configure):
    module, responses = handler
    module.handler(event("Create", "Custom::Other", "Other", {}), None)
    assert responses.sent[-1]["Status"] == "FAILED"
    assert responses.sent[-1]["Reason"] == "unknown resource type Custom::Other"


class LambdaContext:
    """The part of Lambda's context object the function uses
    (https://docs.aws.amazon.com/lambda/latest/dg/python-context.html)."""

    def __init__(self, remaining_ms):
        self.remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self):
        return self.remaining_ms


def test_answers_failed_before_the_function_times_out(aws, handler, configure, monkeypatch):
    module, responses = handler
    import time
    real = boto3.client

    def slow(name, *args, **kwargs):
        time.sleep(3)  # a call that would outlast the function
        return real(name, *args, **kwargs)
    monkeypatch.setattr(boto3, "client", slow)
    module.handler(vault_event(), LambdaContext(remaining_ms=11_000))  # 1 s before the 10 s reserve
    assert responses.sent[-1]["Status"] == "FAILED"
    assert "time ran out" in responses.sent[-1]["Reason"]


def test_every_call_is_bounded_well_inside_the_function_timeout(handler):
    """botocore's connect and read timeouts per attempt, and total attempts
    (https://botocore.amazonaws.com/v1/documentation/api/latest/reference/config.html)."""
    module, _ = handler
    config = module.CONFIG
    template = json.loads(rendered_templates()[0].read_text())
    timeout = template["Resources"]["VaultManager"]["Properties"]["Timeout"]
    attempts = config.retries["total_max_attempts"]
    assert (config.connect_timeout + config.read_timeout) * attempts < timeout / 2


def test_the_assembled_policies_are_the_templates(handler):
    """VAULT_POLICY and VAULTS assemble into each vault's AccessPolicy property, for every rendered template."""
    module, _ = handler

    def unsub(node):
        if isinstance(node, dict):
            if "Fn::Sub" in node:
                return node["Fn::Sub"]
            return {k: unsub(v) for k, v in node.items()}
        if isinstance(node, list):
            return [unsub(v) for v in node]
        return node
    for path in rendered_templates():
        resources = json.loads(path.read_text())["Resources"]
        env = resources["VaultManager"]["Properties"]["Environment"]["Variables"]
        base = json.loads(env["VAULT_POLICY"]["Fn::Sub"])
        vaults = json.loads(env["VAULTS"]["Fn::Sub"])
        for logical_id, vault in vaults.items():
            expected = unsub(resources[logical_id]["Properties"]["AccessPolicy"])
            assert module.access_policy(base, vault) == expected, f"{path} {logical_id}"


def test_creates_the_air_gapped_vault_with_its_retention_team_and_own_policy(aws, handler, configure):
    """A logically air-gapped vault is created with its retention, its policy is its own statements (no shared
    Deny statements exempting the admins), and its first approval team is associated
    (https://docs.aws.amazon.com/aws-backup/latest/devguide/multipartyapproval-tasks-requester.html)."""
    module, responses = handler
    module.handler(vault_event(logical_id="AirGappedVault"), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    vault = moto_vault("org-web-lag-7-35")
    assert (vault.min_retention_days, vault.max_retention_days) == (7, 35)
    assert vault.vault_type == "LOGICALLY_AIR_GAPPED_BACKUP_VAULT"
    assert vault.mpa_approval_team_arn == TEAM
    assert stored_policy("org-web-lag-7-35") == {"Version": "2012-10-17", "Statement": LAG_POLICY}, \
        "its own Denies: no statement without a condition, one exempting a single principal, no admin exempt"


def test_adopts_an_air_gapped_vault_of_its_retention_and_team(aws, handler, configure):
    """A re-joining account adopts the vault it left behind: same retention, type, AWS-owned key and team."""
    module, responses = handler
    module.handler(vault_event(logical_id="AirGappedVault"), None)
    module.handler(vault_event("Update", logical_id="AirGappedVault"), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]


def test_refuses_an_air_gapped_vault_with_another_team(aws, handler, configure):
    """A vault's first approval team needs no approval, so whoever created the vault before the account joined could
    have taken it (https://docs.aws.amazon.com/aws-backup/latest/devguide/multipartyapproval-tasks-requester.html):
    such a vault is not adopted."""
    module, responses = handler
    backup().create_logically_air_gapped_backup_vault(BackupVaultName="org-web-lag-7-35", MinRetentionDays=7,
                                                      MaxRetentionDays=35)
    moto_vault("org-web-lag-7-35").mpa_approval_team_arn = "arn:aws:mpa:us-east-1:444444444444:approval-team/taken"
    module.handler(vault_event(logical_id="AirGappedVault"), None)
    assert responses.sent[-1]["Status"] == "FAILED"
    assert "exists, not as the template makes it" in responses.sent[-1]["Reason"]


def test_refuses_a_standard_vault_in_place_of_the_air_gapped_one(aws, handler, configure):
    """DescribeBackupVault's VaultType tells the two apart
    (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeBackupVault.html)."""
    module, responses = handler
    backup().create_backup_vault(BackupVaultName="org-web-lag-7-35")
    module.handler(vault_event(logical_id="AirGappedVault"), None)
    assert responses.sent[-1]["Status"] == "FAILED"


def test_refuses_an_air_gapped_vault_of_another_retention(aws, handler, configure):
    """A logically air-gapped vault's retention is fixed at creation
    (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateLogicallyAirGappedBackupVault.html)."""
    module, responses = handler
    backup().create_logically_air_gapped_backup_vault(BackupVaultName="org-web-lag-7-35", MinRetentionDays=7,
                                                      MaxRetentionDays=90)
    module.handler(vault_event(logical_id="AirGappedVault"), None)
    assert responses.sent[-1]["Status"] == "FAILED"
    assert "exists, not as the template makes it" in responses.sent[-1]["Reason"]


def moto_vault(name):
    from moto.backup.models import backup_backends
    return backup_backends["123456789012"]["eu-west-2"].vaults[name]


def test_creates_the_locked_vault_on_the_deployment_key_locked_in_compliance_mode(aws, handler, configure):
    """A copy of a type AWS Backup does not fully manage needs a destination vault on "a CMK or the managed key of
    the service" (https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html#copy-encryption); a lock
    with ChangeableForDays (3 or more) is in compliance mode and immutable from its lock date
    (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html)."""
    module, responses = handler
    module.handler(vault_event(logical_id="LockedVault"), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    vault = backup().describe_backup_vault(BackupVaultName="org-web-locked-7-365")
    assert vault["EncryptionKeyArn"] == KEY
    assert (vault["Locked"], vault["MinRetentionDays"], vault["MaxRetentionDays"]) == (True, 7, 365)
    assert "LockDate" in vault, "a lock date: compliance mode"
    assert moto_vault("org-web-locked-7-365").changeable_for_days == 3
    assert stored_policy("org-web-locked-7-365") == policy()


def test_locks_the_vault_before_setting_its_policy(aws, handler, configure, monkeypatch):
    """The policy denies PutBackupVaultLockConfiguration to all but the administrators: the lock comes first."""
    module, responses = handler
    calls = []
    real = module.boto3.client

    def recording(*args, **kwargs):
        client = real(*args, **kwargs)
        client.meta.events.register("before-call.backup.*", lambda model, **_: calls.append(model.name))
        return client
    monkeypatch.setattr(module.boto3, "client", recording)
    module.handler(vault_event(logical_id="LockedVault"), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert calls.index("PutBackupVaultLockConfiguration") < calls.index("PutBackupVaultAccessPolicy")


def test_adopts_a_locked_vault_of_its_key_and_lock(aws, handler, configure):
    module, responses = handler
    backup().create_backup_vault(BackupVaultName="org-web-locked-7-365", EncryptionKeyArn=KEY)
    backup().put_backup_vault_lock_configuration(BackupVaultName="org-web-locked-7-365", MinRetentionDays=7,
                                                 MaxRetentionDays=365, ChangeableForDays=3)
    lock_date = backup().describe_backup_vault(BackupVaultName="org-web-locked-7-365")["LockDate"]
    module.handler(vault_event(logical_id="LockedVault"), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert backup().describe_backup_vault(BackupVaultName="org-web-locked-7-365")["LockDate"] == lock_date, \
        "the lock is left as it is"
    assert stored_policy("org-web-locked-7-365") == policy()


def test_locks_an_unlocked_vault_of_its_key(aws, handler, configure):
    """An earlier attempt that stopped between creating and locking the vault left it unlocked."""
    module, responses = handler
    backup().create_backup_vault(BackupVaultName="org-web-locked-7-365", EncryptionKeyArn=KEY)
    module.handler(vault_event(logical_id="LockedVault"), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    vault = backup().describe_backup_vault(BackupVaultName="org-web-locked-7-365")
    assert (vault["MinRetentionDays"], vault["MaxRetentionDays"]) == (7, 365)


@pytest.mark.parametrize("lock, key, differ", [
    ({"MinRetentionDays": 1, "MaxRetentionDays": 365, "ChangeableForDays": 3}, KEY, "MinRetentionDays is 1, not 7"),
    ({"MinRetentionDays": 7, "ChangeableForDays": 3}, KEY, "MaxRetentionDays is None, not 365"),
    ({"MinRetentionDays": 7, "MaxRetentionDays": 365}, KEY, "no LockDate (governance mode)"),
    # "Before the lock date, you can delete Vault Lock from the vault"
    # (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html):
    # a lock whose date is years away stays removable, so it is no compliance lock of ours.
    ({"MinRetentionDays": 7, "MaxRetentionDays": 365, "ChangeableForDays": 3650}, KEY, "its lock can be removed until"),
    ({"MinRetentionDays": 7, "MaxRetentionDays": 365, "ChangeableForDays": 3}, OTHER_KEY,
     f"EncryptionKeyArn is {OTHER_KEY}, not {KEY}"),
])
def test_refuses_a_locked_vault_not_as_the_template_makes_it_and_says_what_differs(aws, handler, configure, lock, key,
                                                                                    differ):
    """DescribeBackupVault's MinRetentionDays, MaxRetentionDays and LockDate (absent for a lock without
    ChangeableForDays, which stays removable) describe the lock
    (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeBackupVault.html)."""
    module, responses = handler
    backup().create_backup_vault(BackupVaultName="org-web-locked-7-365", EncryptionKeyArn=key)
    backup().put_backup_vault_lock_configuration(BackupVaultName="org-web-locked-7-365", **lock)
    module.handler(vault_event(logical_id="LockedVault"), None)
    assert responses.sent[-1]["Status"] == "FAILED"
    assert "org-web-locked-7-365 exists, not as the template makes it" in responses.sent[-1]["Reason"]
    assert differ in responses.sent[-1]["Reason"]


def test_delete_keeps_the_locked_vault(aws, handler, configure):
    module, responses = handler
    module.handler(vault_event(logical_id="LockedVault"), None)
    module.handler(vault_event("Delete", logical_id="LockedVault"), None)
    assert responses.sent[-1]["Status"] == "SUCCESS"
    assert "org-web-locked-7-365" in vault_names()


def test_a_lock_without_bounds_is_put_without_them(aws, handler, configure, monkeypatch):
    """A deployment without minRetentionDays and maxRetentionDays has the lock [0, 0, 3]: a bound of 0 is none
    ("If this parameter is not specified, Vault Lock will not enforce a minimum retention period",
    https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html), never 0 days."""
    module, responses = handler
    vaults = json.loads(os.environ["VAULTS"])
    vaults["LockedVault"] = {**vaults["LockedVault"], "BackupVaultName": "org-web-locked-0-0", "Lock": [0, 0, 3]}
    monkeypatch.setenv("VAULTS", json.dumps(vaults))
    module.handler(vault_event(logical_id="LockedVault"), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    vault = backup().describe_backup_vault(BackupVaultName="org-web-locked-0-0")
    assert vault["Locked"] and "LockDate" in vault
    assert "MinRetentionDays" not in vault and "MaxRetentionDays" not in vault
