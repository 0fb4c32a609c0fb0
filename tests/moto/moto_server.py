"""Runs moto_server with what moto 5.2.1 lacks for these tests: its
Organizations backend refuses BACKUP_POLICY policies (NotImplementedError).
This stores them as moto stores tag policies, under a backup policy ARN, so
they can be created, attached and read back. Its ListDelegatedAdministrators
and RegisterDelegatedAdministrator also refuse AWS Backup and CloudFormation
StackSets, which support delegated administrators
(https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services_list.html):
they are added to its list. Arguments are moto_server's."""
import sys

from moto.organizations import models
from moto.server import main

_init = models.FakePolicy.__init__


def _init_with_backup_policies(self, organization, **kwargs):
    if kwargs.get("Type") != "BACKUP_POLICY":
        return _init(self, organization, **kwargs)
    _init(self, organization, **{**kwargs, "Type": "TAG_POLICY"})
    self.type = "BACKUP_POLICY"
    self._arn_format = "arn:{0}:organizations::{1}:policy/{2}/backup_policy/{3}"


models.FakePolicy.__init__ = _init_with_backup_policies
models.FakeDelegatedAdministrator.SUPPORTED_SERVICES += [
    "backup.amazonaws.com",
    "member.org.stacksets.cloudformation.amazonaws.com",
]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
