package protection

import "github.com/orgbackup/pulumi-orgbackup/provider/policy"

// The AWS pages the rules rest on besides the resource type table's.
const (
	// CrossAccountPage says what a cross-account copy needs of the
	// source's key.
	CrossAccountPage = "https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html"
	// CrossAccountBlogPage walks through a cross-account copy of
	// encrypted backups and the keys it takes.
	CrossAccountBlogPage = "https://aws.amazon.com/blogs/storage/create-and-share-encrypted-backups-across-accounts-and-regions-using-aws-backup/"
	// VaultLockPage says what a locked vault refuses.
	VaultLockPage = "https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html"
	// StartCopyJobPage is the API the ingest calls for the in-account
	// copy into the member's locked vault.
	StartCopyJobPage = "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartCopyJob.html"
	// AdvancedDynamoDBPage says what advanced DynamoDB backup unlocks and
	// that a backup policy does not turn it on.
	AdvancedDynamoDBPage = "https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html"
)

// rulesRead is when the rules' pages were read, from their stored copies.
const rulesRead = "2026-12-07"

// A rule is one AWS statement a cell rests on: the page and what it says.
type rule struct{ page, says string }

// The rules, quoted from their pages.
var (
	// Encryption of a backup (policy.EncryptionPage).
	vaultKey = rule{policy.EncryptionPage, "Independent encryption means that recovery points (backups) you create " +
		"through AWS Backup can have an encryption method other than one determined by the source resource's encryption"}
	sourceKey = rule{policy.EncryptionPage, "Backups of resource types that are not fully managed by AWS Backup " +
		"typically inherit the encryption settings from their source resource"}

	// Copies to another account.
	fullyManagedCopy = rule{policy.EncryptionPage, "For a copy of a recovery point (backup) of a resource that is " +
		"fully managed by AWS Backup, you can choose to encrypt it with a customer managed key (CMK) or an AWS " +
		"Backup managed key (aws/backup)"}
	unencryptedCopy = rule{policy.EncryptionPage, "When you copy your backups across accounts or Regions, AWS " +
		"Backup automatically encrypts those copies for most resource types, even if the original backup is unencrypted"}
	awsManagedKeyCopy = rule{policy.EncryptionPage, "Cross-account copy with AWS managed keys isn't supported for " +
		"resources that aren't fully managed by AWS Backup. The key policy of an AWS managed key is immutable, " +
		"which prevents copying the key across accounts"}
	sharedKeyCopy = rule{CrossAccountPage, "In the source account, if your resources are encrypted with a " +
		"customer managed key, you must share this customer managed key with the destination account"}
	// The blog's wording as stored on 2026-12-07: it used to say "AWS KMS
	// customer managed customer master keys (CMK)", and now says "AWS KMS
	// keys" (AWS's renaming of CMKs to KMS keys); sharedKeyCopy and
	// awsManagedKeyCopy keep the customer managed requirement.
	customerKeyCopy = rule{CrossAccountBlogPage, "When your resources like Amazon EC2, Amazon EBS, Amazon RDS " +
		"(including Aurora clusters), and AWS Storage Gateway volumes are encrypted, cross-account copy can only be " +
		"performed if they are encrypted by AWS KMS keys, with an exception for Amazon EFS backups"}

	// DynamoDB without advanced DynamoDB backup (AdvancedDynamoDBPage).
	dynamoDBAdvancedCopy = rule{AdvancedDynamoDBPage, "It's best practice for existing AWS Backup customers to enable " +
		"advanced features for DynamoDB. [...] You can also start taking advantage of AWS Backup's cross-Region and " +
		"cross-account copy and security features"}
	dynamoDBPolicyOptIn = rule{AdvancedDynamoDBPage, "If your backup job is created by a backup policy, you need to " +
		"manually opt-in to Advanced DynamoDB backups, either through the Backup console or through CLI"}

	// A logically air-gapped vault as the primary target
	// (policy.LAGPrimaryBackupPage).
	lagDirect = rule{policy.LAGPrimaryBackupPage, "Some resource types, such as Amazon EFS, Amazon S3, Amazon " +
		"DynamoDB with AWS Backup advanced features etc., that support full AWS Backup management, can back up " +
		"directly to your logically air-gapped vault. No recovery point is created in your backup vault"}
	lagCopiesFromLAG = rule{policy.LAGPrimaryBackupPage, "Any scheduled copy actions in your backup plan use the " +
		"recovery point in your logically air-gapped vault as the source"}
	lagTemporary = rule{policy.LAGPrimaryBackupPage, "For these resource types, AWS Backup creates a temporary " +
		"recovery point in your backup vault and then automatically copies it to your logically air-gapped vault"}
	lagCopiesInParallel = rule{policy.LAGPrimaryBackupPage, "All other scheduled copy actions in your backup plan " +
		"start in parallel with the copy to your logically air-gapped vault"}
	lagPrimaryKeys = rule{policy.LAGPrimaryBackupPage, "These resources must be encrypted with a customer managed " +
		"KMS key or be unencrypted. Resources supporting full AWS Backup management do not have this constraint"}
	lagBackupVaultOnly = rule{policy.LAGPrimaryBackupPage, "If a resource type is not supported by logically " +
		"air-gapped vaults, or if a non-fully managed resource is encrypted with an AWS managed key, AWS Backup " +
		"creates the backup in your backup vault only"}

	// Logically air-gapped vaults (policy.LAGVaultPage).
	lagLocked              = rule{policy.LAGVaultPage, "each vault is equipped with AWS Backup Vault Lock's compliance mode"}
	lagUnencryptedClusters = rule{policy.LAGVaultPage, "Unencrypted Amazon Aurora, Amazon DocumentDB, and Amazon " +
		"Neptune clusters are not supported for logically air-gapped vault"}
	lagAnyKey = rule{policy.LAGVaultPage, "When you create or copy a backup of a fully managed resource type, the " +
		"source resource can be encrypted by a customer managed key or by an AWS managed key"}
	lagCustomerKey = rule{policy.LAGVaultPage, "When you create or copy a backup of other resource types (ones not " +
		"fully managed), the source must be encrypted with a customer managed key"}
	lagToStandard = rule{policy.LAGVaultPage, "You can copy a backup from a logically air-gapped vault to a " +
		"standard backup vault as long as the copy is encrypted with a customer managed key"}

	// The in-account copy of a backup AWS refuses to copy to the backup
	// account, into the member's locked vault (inAccountLockedCopies).
	// Whether AWS re-encrypts such a copy within one account and Region
	// with the destination vault's key is not documented: the encryption
	// page says so of a copy "to another AWS Region" only.
	inAccountCopy = rule{StartCopyJobPage, "Starts a job to create a one-time copy of the specified resource. " +
		"Does not support continuous backups"}
	lockedVaultKey = rule{policy.EncryptionPage, "For a copy of a recovery point of a resource that is not fully " +
		"managed by AWS Backup, the key associated to the destination vault must be a CMK or the managed key of " +
		"the service that owns the underlying resource"}

	// The central standard vault and the member locked vault are
	// compliance-locked.
	locked = rule{VaultLockPage, "If any user (including the root user) attempts to delete a backup or change the " +
		"lifecycle properties in a locked vault, AWS Backup will deny the operation"}
)

// unencryptedNotInLAG are the ARN patterns of policy.ResourceTypes that
// logically air-gapped vaults refuse unencrypted (lagUnencryptedClusters):
// the row of Aurora, DocumentDB and Neptune clusters.
var unencryptedNotInLAG = map[string]bool{"rds:*:*:cluster:*": true}
