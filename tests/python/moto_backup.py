"""What moto 5.2.1 lacks for the vault manager, added to it.

The vault manager calls PutBackupVaultAccessPolicy and
ListRecoveryPointsByBackupVault; moto answers neither. These additions keep
the policy and a list of recovery points on moto's own vault objects, with
AWS's shapes and errors, so the rest of each test runs against moto as is.
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
