"""Custom resources of orgbackup's member stacks.

Vault names, keys, policies and tags come from the environment the template
sets, never from the event. Answers only CloudFormation's response buckets,
for its own stack, before the function times out. Vaults are created or
adopted, never deleted (their policy denies it); a locked vault is locked
in compliance mode right after its creation.
"""
import json
import os
import re
import signal
from datetime import datetime, timedelta, timezone

import boto3
import cfnresponse
from botocore.config import Config

SLR = "AWSServiceRoleForBackup"
# A locked vault's Lock, in the order the template writes it; DescribeBackupVault shows the first two.
LOCK = ("MinRetentionDays", "MaxRetentionDays", "ChangeableForDays")
# Each call gives up well before the function's timeout.
CONFIG = Config(connect_timeout=5, read_timeout=10, retries={"mode": "standard", "total_max_attempts": 3})


def answerable(url):
    """Whether url is in the Region's CloudFormation response bucket: host then path, nothing in between."""
    bucket = "cloudformation-custom-resource-response-" + os.environ["AWS_REGION"].replace("-", "")
    return bool(re.match(r"https://" + re.escape(bucket) + r"\.s3[.a-z0-9-]*\.amazonaws\.com(\.cn)?/", url or ""))


def access_policy(base, vault):
    """The vault's policy, assembled as member.AssembleVaultPolicy does; an air-gapped vault's Denies exempt no admin."""
    admins, denies = ([], vault["Denies"]) if "Denies" in vault else (base["Admins"], base["Statements"])
    return {"Version": "2012-10-17", "Statement": [
        {"Sid": s["Sid"], "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": s["Action"], "Resource": "*",
         **({"Condition": {"ArnNotLike": {"aws:PrincipalArn": e if e[1:] else e[0]}}}
            if (e := admins + s.get("ExemptAlso", [])) else {})}
        for s in denies] + vault.get("Statements", [])}


def ensure_vault(vault, policy, tags):
    backup = boto3.client("backup", config=CONFIG)
    name = vault["BackupVaultName"]
    create = vault.get("Create", {})
    team = vault.get("MpaApprovalTeamArn")
    lock = {k: v for k, v in zip(LOCK, vault.get("Lock", [])) if v}  # a bound of 0 is none
    try:
        existing = backup.describe_backup_vault(BackupVaultName=name)
        locked = bool(lock) and bool(existing.get("Locked"))
        # Adopted only as the template makes it: key, type, retention, approval team (a vault's first is free to take),
        # compliance lock (one without a lock date is in governance mode). One not locked yet gets its lock: an
        # earlier attempt stopped between creating and locking it.
        want = {**create, **vault.get("Expect", {}), **({k: lock[k] for k in LOCK[:2] if k in lock} if locked else {})}
        differ = [f"{k} is {existing.get(k)}, not {v}" for k, v in want.items() if existing.get(k) != v]
        if locked and "LockDate" not in existing:
            differ.append("its lock has no LockDate (governance mode), not a compliance-mode one")
        # Before its LockDate a lock can be removed (API_PutBackupVaultLockConfiguration): no later than ours would be.
        elif locked and existing["LockDate"] > datetime.now(timezone.utc) + timedelta(days=lock[LOCK[2]]):
            differ.append(f"its lock can be removed until {existing['LockDate']:%Y-%m-%d}, more than "
                          f"{lock[LOCK[2]]} days from now")
        if existing.get("MpaApprovalTeamArn", team) != team:
            differ.append(f"its approval team is {existing['MpaApprovalTeamArn']}, not {team}")
        if differ:
            raise ValueError(f"backup vault {name} exists, not as the template makes it: " + "; ".join(differ))
        arn = existing["BackupVaultArn"]
        # The vault's tags become the template's: what to drop comes from the vault, not the event.
        current = backup.list_tags(ResourceArn=arn).get("Tags", {})
        dropped = sorted(k for k in current if k not in tags and not k.startswith("aws:"))
        if dropped:
            backup.untag_resource(ResourceArn=arn, TagKeyList=dropped)
        if any(current.get(k) != v for k, v in tags.items()):
            backup.tag_resource(ResourceArn=arn, Tags=tags)
        try:
            current = json.loads(backup.get_backup_vault_access_policy(BackupVaultName=name).get("Policy") or "null")
        except backup.exceptions.ResourceNotFoundException:
            current = None
    except backup.exceptions.ResourceNotFoundException:
        make = backup.create_logically_air_gapped_backup_vault if "AirGapped" in vault else backup.create_backup_vault
        try:
            arn = make(BackupVaultName=name, BackupVaultTags=tags, **create)["BackupVaultArn"]
        except backup.exceptions.AlreadyExistsException:
            # An earlier attempt of this call created it (botocore retries after a read timeout).
            return ensure_vault(vault, policy, tags)
        existing, current, locked = {}, None, False
    # Locked before the policy is set: the policy denies the lock to all but the administrators.
    if lock and not locked:
        backup.put_backup_vault_lock_configuration(BackupVaultName=name, **lock)
    if current != policy:
        backup.put_backup_vault_access_policy(BackupVaultName=name, Policy=json.dumps(policy))
    if team and not existing.get("MpaApprovalTeamArn"):
        backup.associate_backup_vault_mpa_approval_team(BackupVaultName=name, MpaApprovalTeamArn=team)
    return name, {"BackupVaultArn": arn}


def ensure_slr():
    iam = boto3.client("iam", config=CONFIG)
    try:
        arn = iam.get_role(RoleName=SLR)["Role"]["Arn"]
    except iam.exceptions.NoSuchEntityException:
        arn = iam.create_service_linked_role(AWSServiceName="backup.amazonaws.com")["Role"]["Arn"]
    return SLR, {"Arn": arn}


def timed_out(*_):
    raise TimeoutError("time ran out")


def handler(event, context):
    if not answerable(event.get("ResponseURL")):
        return  # nobody to answer
    kind = event.get("ResourceType")
    physical_id = event.get("PhysicalResourceId")
    data = {}
    if context:  # answer FAILED 10 s before Lambda would stop the function
        signal.signal(signal.SIGALRM, timed_out)
        signal.alarm(max(1, context.get_remaining_time_in_millis() // 1000 - 10))
    try:
        if event.get("StackId") != os.environ["STACK_ID"]:
            raise ValueError("not this function's stack")
        if kind == "Custom::BackupVault":
            vaults = json.loads(os.environ["VAULTS"])
            vault = vaults[event["LogicalResourceId"]]
            if "KeyOf" in vault:  # on the key of another vault
                vault["Create"] = vaults[vault["KeyOf"]]["Create"]
            if event["RequestType"] == "Delete":
                physical_id = physical_id or vault["BackupVaultName"]
            else:
                policy = access_policy(json.loads(os.environ["VAULT_POLICY"]), vault)
                physical_id, data = ensure_vault(vault, policy, json.loads(os.environ["VAULT_TAGS"]))
        elif kind == "Custom::BackupServiceLinkedRole":
            if event["RequestType"] != "Delete":
                physical_id, data = ensure_slr()
        else:
            raise ValueError(f"unknown resource type {kind}")
        status, reason = cfnresponse.SUCCESS, None
    except Exception as err:  # report every failure to CloudFormation instead of timing out
        status, reason, data = cfnresponse.FAILED, str(err), {}
    signal.alarm(0)
    cfnresponse.send(event, context, status, data, physical_id or event.get("LogicalResourceId"), reason=reason)
