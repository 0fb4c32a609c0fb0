package central

import (
	"fmt"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// MaxServiceControlPolicyCharacters is the most characters an SCP document
// may hold (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
const MaxServiceControlPolicyCharacters = 5120

// guardDocument is the guard service control policy of deployment key, and
// whether it has one (config.HasGuard). One SCP per deployment, because
// a target holds at most five
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
// ctx is the backup account's: the policy names its roles.
func guardDocument(cfg config.Config, ctx config.Context, key string) (iam.Document, bool) {
	if !cfg.HasGuard(key) {
		return iam.Document{}, false
	}
	stackSet := cfg.MemberAccountResources == config.StackSet
	return scope(cfg, ctx, key).Guard(stackSet, cfg.Deployments[key].ProtectMemberResources), true
}

// ValidateServiceControlPolicies checks, at preview, that the guard SCP of
// each deployment fits the SCP size limit, naming the inputs that grow it.
func ValidateServiceControlPolicies(ps *config.Problems, cfg config.Config, ctx config.Context) {
	for _, key := range cfg.DeploymentKeys() {
		doc, ok := guardDocument(cfg, ctx, key)
		if n := len(doc.JSON()); ok && n > MaxServiceControlPolicyCharacters {
			ps.Add(fmt.Sprintf("deployments[%q].adminRoleNames", key),
				"would make the guard SCP %q %d characters long; an SCP holds at most %d (cut %d characters: the SCP names "+
					"each admin role in each of its %d statements and once more as a protected role, an IAM Identity "+
					"Center permission set as two roles; use fewer or shorter adminRoleNames, set "+
					"protectMemberResources to false, which drops all but %d statements, or shorten "+
					"memberAccountResourceNamePrefix)", cfg.Names(key).VaultManagerGuard(), n,
				MaxServiceControlPolicyCharacters, n-MaxServiceControlPolicyCharacters, len(doc.Statement),
				alwaysOnStatements(cfg))
		}
	}
}

// MaxKeyPolicyBytes is the most a KMS key policy may hold: "up to 32
// kilobytes (32,768 bytes)"
// (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html).
const MaxKeyPolicyBytes = 32768

// ValidateKeyPolicies checks, at preview, that each deployment's key
// policy fits KMS's size limit: it names every admin role, each Region's
// vault manager role and each target's path.
func ValidateKeyPolicies(ps *config.Problems, cfg config.Config, ctx config.Context) {
	for _, key := range cfg.DeploymentKeys() {
		n := len(scope(cfg, ctx, key).KeyPolicy(cfg.MemberAccountResources == config.StackSet).JSON())
		if n > MaxKeyPolicyBytes {
			ps.Add(fmt.Sprintf("deployments[%q]", key), "would make the deployment key's policy %d bytes long; a "+
				"key policy holds at most %d (cut %d bytes: it names every admin role in three statements, with the "+
				"StackSet each Region's vault manager role, and every backup target's path; use fewer adminRoleNames, "+
				"regions or backupTargets, or split the deployment)", n, MaxKeyPolicyBytes, n-MaxKeyPolicyBytes)
		}
	}
}

// alwaysOnStatements is the number of guard statements a deployment has
// without protectMemberResources.
func alwaysOnStatements(cfg config.Config) int {
	if cfg.MemberAccountResources != config.StackSet {
		return 0
	}
	return len(iam.Scope{AdminRoleNames: []string{"x"}}.Guard(true, false).Statement)
}

// GuardPolicies are the guard service control policy of every deployment
// of cfg (resolved by Build) that has one, each with its attachments to
// the deployment's targets, for the account that owns them: OrgBackup's
// plan holds them with GuardPolicyManagedBy BackupAccount,
// OrgPrerequisites' otherwise. ctx is the backup account's, whoever
// registers them.
func GuardPolicies(cfg config.Config, ctx config.Context) []desired.Resource {
	b := &builder{cfg: cfg, ctx: ctx}
	for _, key := range cfg.DeploymentKeys() {
		db := &deploymentBuilder{builder: b, key: key, d: cfg.Deployments[key], names: cfg.Names(key)}
		db.planGuard()
	}
	return b.resources
}

// guard plans the deployment's guard service control policy when OrgBackup
// owns it, and returns the logical names of its attachments; none when the
// deployment has no guard or OrgPrerequisites owns it.
func (db *deploymentBuilder) guard() []string {
	if !db.cfg.GuardPoliciesInBackupAccount() {
		return nil
	}
	return db.planGuard()
}

// planGuard plans the deployment's guard service control policy, attached
// to every target, and returns the logical names of its attachments. The
// policy keeps the logical and physical names of the vault manager guard
// it grew from.
func (db *deploymentBuilder) planGuard() []string {
	doc, ok := guardDocument(db.cfg, db.ctx, db.key)
	if !ok {
		return nil
	}
	name := vaultManagerGuardName(db.key)
	physical := db.names.VaultManagerGuard()
	exempt := "admin roles and StackSets"
	if db.cfg.MemberAccountResources != config.StackSet {
		exempt = "admin roles"
	}
	what := "member vault manager"
	if db.d.ProtectMemberResources {
		what = "member vaults, roles, event forwarder, AWS Backup settings, StackSet stack and vault manager"
		if db.cfg.MemberAccountResources != config.StackSet {
			what = "member vaults, roles, event forwarder and AWS Backup settings"
		}
	}
	what += ", and the roles it exempts"
	db.add(desired.New(desired.Resource{Name: name, PhysicalName: physical, Deployment: db.key},
		desired.OrganizationPolicyArgs{
			Name:        physical,
			Type:        desired.ServiceControlPolicy,
			Description: "Only " + exempt + " may change the " + db.key + " deployment's " + what + ".",
			Content:     doc.JSON(),
			// The deployer policy acts only on SCPs with this tag.
			Tags: desired.ComponentTags{Fixed: map[string]string{naming.GuardTagKey: db.key}},
		}))
	return db.attach(name, len(db.d.BackupTargets))
}

// guardResource is the logical name of the deployment's guard service
// control policy when OrgBackup plans it, "" otherwise.
func (db *deploymentBuilder) guardResource() string {
	if _, ok := guardDocument(db.cfg, db.ctx, db.key); !ok || !db.cfg.GuardPoliciesInBackupAccount() {
		return ""
	}
	return vaultManagerGuardName(db.key)
}
