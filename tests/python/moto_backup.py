"""What moto 5.2.1 lacks for the vault manager, added to it.

The vault manager calls PutBackupVaultAccessPolicy,
ListRecoveryPointsByBackupVault, CreateLogicallyAirGappedBackupVault and
AssociateBackupVaultMpaApprovalTeam; moto answers none. These additions keep
the policy, a list of recovery points, a logically air-gapped vault's
retention and its approval team on moto's own vault objects, with AWS's
shapes and errors, so the rest of each test runs against moto as is.
"""
import json
from urllib.parse import unquote

from moto.backup import urls
from moto.backup.exceptions import ResourceNotFoundException
from moto.backup.responses import BackupResponse
from moto.iam import models as iam_models


def _name(response):
    return unquote(response.path.split("/backup-vaults/")[1].split("/")[0])


def _vault(backend, name):
    vault = backend.vaults.get(name)
    if vault is None:
        raise ResourceNotFoundException(msg=f"Backup vault {name} does not exist.")
    return vault


def put_backup_vault_access_policy(self):
    name = _name(self)
    _vault(self.backup_backend, name).access_policy = json.loads(self.body)["Policy"]
    return "{}"


def get_backup_vault_access_policy(self):
    name = _name(self)
    vault = _vault(self.backup_backend, name)
    return json.dumps({"BackupVaultName": name, "BackupVaultArn": vault.backup_vault_arn,
                       "Policy": getattr(vault, "access_policy", None)})


def list_recovery_points_by_backup_vault(self):
    name = _name(self)
    vault = _vault(self.backup_backend, name)
    return json.dumps({"RecoveryPoints": list(getattr(vault, "recovery_points", []))})


def create_logically_air_gapped_backup_vault(self):
    """CreateLogicallyAirGappedBackupVault: a vault locked from its creation, with its retention
    (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateLogicallyAirGappedBackupVault.html)."""
    name = unquote(self.path.split("/logically-air-gapped-backup-vaults/")[1].split("/")[0])
    params = json.loads(self.body)
    vault = self.backup_backend.create_backup_vault(
        backup_vault_name=name, backup_vault_tags=params.get("BackupVaultTags"),
        encryption_key_arn=params.get("EncryptionKeyArn"), creator_request_id=params.get("CreatorRequestId"))
    vault.min_retention_days, vault.max_retention_days = params["MinRetentionDays"], params["MaxRetentionDays"]
    vault.locked, vault.vault_type = True, "LOGICALLY_AIR_GAPPED_BACKUP_VAULT"
    vault.encryption_key_type = "CUSTOMER_MANAGED_KMS_KEY" if params.get("EncryptionKeyArn") else "AWS_OWNED_KMS_KEY"
    return json.dumps({"BackupVaultName": name, "BackupVaultArn": vault.backup_vault_arn,
                       "CreationDate": vault.creation_date, "VaultState": "CREATING"})


def associate_backup_vault_mpa_approval_team(self):
    """AssociateBackupVaultMpaApprovalTeam, as for a vault's first team (no approval needed)."""
    vault = _vault(self.backup_backend, _name(self))
    vault.mpa_approval_team_arn = json.loads(self.body)["MpaApprovalTeamArn"]
    return "{}"


def install():
    """Adds the operations; call it before moto serves its first backup request.

    Also names AWS Backup's service-linked role as AWS does
    (AWSServiceRoleForBackup): moto's table of service names lacks it."""
    iam_models.SERVICE_NAME_CONVERSION.setdefault("backup", "Backup")
    BackupResponse.put_backup_vault_access_policy = put_backup_vault_access_policy
    BackupResponse.get_backup_vault_access_policy = get_backup_vault_access_policy
    BackupResponse.list_recovery_points_by_backup_vault = list_recovery_points_by_backup_vault
    urls.url_paths["{0}/backup-vaults/(?P<name>[^/]+)/access-policy$"] = urls.response.dispatch
    urls.url_paths["{0}/backup-vaults/(?P<name>[^/]+)/recovery-points/?$"] = urls.response.dispatch
    BackupResponse.create_logically_air_gapped_backup_vault = create_logically_air_gapped_backup_vault
    BackupResponse.associate_backup_vault_mpa_approval_team = associate_backup_vault_mpa_approval_team
    urls.url_paths["{0}/logically-air-gapped-backup-vaults/(?P<name>[^/]+)$"] = urls.response.dispatch
    urls.url_paths["{0}/backup-vaults/(?P<name>[^/]+)/mpaApprovalTeam$"] = urls.response.dispatch
