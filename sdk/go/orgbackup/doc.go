// Immutable, organization-wide AWS Backup: organization backup policies, member-account vaults and roles, compliance-locked copies on the AWS-managed key, logically air-gapped vaults and restores.
package orgbackup
