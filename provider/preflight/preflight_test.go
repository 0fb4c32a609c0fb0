package preflight

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/deployer"
)

const (
	backupAccount = "111111111111"
	rootOfOrg     = "r-ab12"
	webOU         = "ou-ab12-webwebwe"
	dataOU        = "ou-ab12-datadata"
	backupOU      = "ou-ab12-backupou"
)

func testContext() config.Context {
	return config.Context{
		Partition: "aws", AccountID: backupAccount, OrganizationID: "o-abcd1234ef",
		ManagementAccountID: "999999999999", Region: "eu-west-2",
	}
}

func deployment(targets ...string) config.Deployment {
	return config.Deployment{
		BackupTargets: targets,
		Plans:         map[string]config.Plan{"daily": {Rules: []config.Rule{{ScheduleExpression: "cron(0 3 ? * * *)"}}}},
	}
}

// testConfig has two StackSet deployments (so both guarded), the second
// sharing one target with the first.
func testConfig() config.Config {
	return config.Config{
		CentralAccountResourceNamePrefix: "orgbackup-",
		MemberAccountResourceNamePrefix:  "orgdeploy-",
		Deployments: map[string]config.Deployment{
			"web":  deployment(webOU),
			"data": deployment(dataOU, webOU),
		},
	}
}

func guardName(cfg config.Config, key string) string { return cfg.Names(key).VaultManagerGuard() }

// allGood are the facts of an organization where testConfig needs nothing.
func allGood(cfg config.Config) Facts {
	return Facts{
		FeatureSet:      Observed("ALL"),
		ServiceAccess:   Observed([]string{BackupPrincipal, StackSetsPrincipal, RAMPrincipal}),
		RootID:          Observed(rootOfOrg),
		RootPolicyTypes: Observed([]string{BackupPolicyType, ServiceControlPolicyType}),
		DelegatedAdministrators: map[string]Fact[[]string]{
			BackupPrincipal:    Observed([]string{backupAccount}),
			StackSetsPrincipal: Observed([]string{"222222222222", backupAccount}),
		},
		CrossAccountBackup:      Observed(true),
		BackupServiceLinkedRole: Observed(false),
		Organization:            Observed(Organization{ID: "o-abcd1234ef", ManagementAccountID: "999999999999"}),
		DelegationPolicy:        Observed(deployer.Delegation(cfg.WithDefaults(testContext()), testContext()).JSON()),
		TargetSCPs: map[string]Fact[[]string]{
			webOU:  Observed([]string{"FullAWSAccess", guardName(cfg, "web"), guardName(cfg, "data")}),
			dataOU: Observed([]string{"FullAWSAccess", guardName(cfg, "data")}),
		},
		BackupAccountParents: Observed([]string{backupOU, rootOfOrg}),
	}
}

func byStatus(checks []Check, s Status) []Check {
	var out []Check
	for _, c := range checks {
		if c.Status == s {
			out = append(out, c)
		}
	}
	return out
}

func TestAllGoodIsAllOK(t *testing.T) {
	cfg := testConfig()
	checks := Checks(cfg, testContext(), allGood(cfg))
	for _, c := range checks {
		assert.Equal(t, OK, c.Status, "%s: %s", c.Name, c.Detail)
	}
	var names []string
	for _, c := range checks {
		names = append(names, c.Name)
	}
	assert.Equal(t, []string{
		"organization with all features",
		"trusted access for backup.amazonaws.com",
		"trusted access for member.org.stacksets.cloudformation.amazonaws.com",
		"BACKUP_POLICY enabled on the root",
		"SERVICE_CONTROL_POLICY enabled on the root",
		"account 111111111111 delegated administrator for backup.amazonaws.com",
		"account 111111111111 delegated administrator for member.org.stacksets.cloudformation.amazonaws.com",
		"cross-account backup enabled",
		"AWS Backup service-linked role in 111111111111 as the context says (backupServiceLinkedRoleExists: false)",
		"resource-based delegation policy",
		"no SCP write rights for account 111111111111 in the delegation policy (guardPolicyManagedBy ManagementAccount)",
		"statements of the delegation policy that are not OrgBackup's",
		"backup account 111111111111 outside target ou-ab12-datadata (data)",
		"backup account 111111111111 outside target ou-ab12-webwebwe (data, web)",
		"room for 1 guard SCP(s) on ou-ab12-datadata (at most 5 SCPs, FullAWSAccess included)",
		"room for 2 guard SCP(s) on ou-ab12-webwebwe (at most 5 SCPs, FullAWSAccess included)",
		"guard SCP orgbackup-data-vault-manager-guard attached to ou-ab12-datadata",
		"guard SCP orgbackup-data-vault-manager-guard attached to ou-ab12-webwebwe",
		"guard SCP orgbackup-web-vault-manager-guard attached to ou-ab12-webwebwe",
	}, names, "every prerequisite of a StackSet configuration with guards from the management account, in a fixed order")
}

// TestEachMissingPrerequisiteGivesItsFix takes one fact away at a time:
// exactly that prerequisite is missing, with its fix.
func TestEachMissingPrerequisiteGivesItsFix(t *testing.T) {
	cfg := testConfig()
	guardWeb := guardName(cfg, "web")
	for _, tc := range []struct {
		name    string
		change  func(*Facts)
		check   string
		fix     string
		missing int
	}{
		{"consolidated billing only", func(f *Facts) { f.FeatureSet = Observed("CONSOLIDATED_BILLING") },
			"organization with all features", "aws organizations enable-all-features", 1},
		{"no organization", func(f *Facts) { f.FeatureSet = Observed("") },
			"organization with all features", "aws organizations create-organization --feature-set ALL", 1},
		{"no trusted access for AWS Backup", func(f *Facts) { f.ServiceAccess = Observed([]string{StackSetsPrincipal}) },
			"trusted access for backup.amazonaws.com", "aws organizations enable-aws-service-access --service-principal backup.amazonaws.com", 1},
		{"no trusted access for StackSets", func(f *Facts) { f.ServiceAccess = Observed([]string{BackupPrincipal}) },
			"trusted access for member.org.stacksets.cloudformation.amazonaws.com", "aws cloudformation activate-organizations-access", 1},
		{"no backup policies on the root", func(f *Facts) { f.RootPolicyTypes = Observed([]string{ServiceControlPolicyType}) },
			"BACKUP_POLICY enabled on the root", "aws organizations enable-policy-type --root-id r-ab12 --policy-type BACKUP_POLICY", 1},
		{"no SCPs on the root", func(f *Facts) { f.RootPolicyTypes = Observed([]string{BackupPolicyType}) },
			"SERVICE_CONTROL_POLICY enabled on the root", "aws organizations enable-policy-type --root-id r-ab12 --policy-type SERVICE_CONTROL_POLICY", 1},
		{"not delegated administrator for AWS Backup", func(f *Facts) { f.DelegatedAdministrators[BackupPrincipal] = Observed([]string{"222222222222"}) },
			"account 111111111111 delegated administrator for backup.amazonaws.com",
			"aws organizations register-delegated-administrator --account-id 111111111111 --service-principal backup.amazonaws.com, or deploy the OrgPrerequisites component", 1},
		{"not delegated administrator for StackSets", func(f *Facts) { f.DelegatedAdministrators[StackSetsPrincipal] = Observed([]string{}) },
			"account 111111111111 delegated administrator for member.org.stacksets.cloudformation.amazonaws.com",
			"--service-principal member.org.stacksets.cloudformation.amazonaws.com, or deploy the OrgPrerequisites component", 1},
		{"cross-account backup off", func(f *Facts) { f.CrossAccountBackup = Observed(false) },
			"cross-account backup enabled", "aws backup update-global-settings --global-settings isCrossAccountBackupEnabled=true, or deploy the OrgPrerequisites component", 1},
		{"role exists though the context says not", func(f *Facts) { f.BackupServiceLinkedRole = Observed(true) },
			"AWS Backup service-linked role in 111111111111 as the context says (backupServiceLinkedRoleExists: false)",
			"set context.backupServiceLinkedRoleExists to true", 1},
		{"no delegation policy", func(f *Facts) { f.DelegationPolicy = Observed("") },
			"resource-based delegation policy",
			"aws organizations put-resource-policy --content file://policies-organizations/delegation.json", 1},
		{"backup account in a target OU", func(f *Facts) { f.BackupAccountParents = Observed([]string{webOU, rootOfOrg}) },
			"backup account 111111111111 outside target ou-ab12-webwebwe (data, web)", "move the backup account into an OU no deployment targets", 1},
		{"backup account below a target OU", func(f *Facts) { f.BackupAccountParents = Observed([]string{backupOU, dataOU, rootOfOrg}) },
			"backup account 111111111111 outside target ou-ab12-datadata (data)", "move the backup account into an OU no deployment targets", 1},
		{"a full OU", func(f *Facts) {
			f.TargetSCPs[dataOU] = Observed([]string{"FullAWSAccess", "a", "b", "c", "d"})
		}, "room for 1 guard SCP(s) on ou-ab12-datadata (at most 5 SCPs, FullAWSAccess included)",
			"aws organizations detach-policy --policy-id ID --target-id ou-ab12-datadata", 2}, // and the guard is not attached
		{"a guard not attached", func(f *Facts) { f.TargetSCPs[webOU] = Observed([]string{"FullAWSAccess", guardName(cfg, "data")}) },
			"guard SCP " + guardWeb + " attached to ou-ab12-webwebwe", "deploy OrgPrerequisites (docs/prerequisites.md)", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			facts := allGood(cfg)
			facts.DelegatedAdministrators = map[string]Fact[[]string]{
				BackupPrincipal: facts.DelegatedAdministrators[BackupPrincipal], StackSetsPrincipal: facts.DelegatedAdministrators[StackSetsPrincipal],
			}
			tc.change(&facts)
			checks := Checks(cfg, testContext(), facts)
			missing := byStatus(checks, Missing)
			require.Len(t, missing, tc.missing, "%+v", missing)
			i := slices.IndexFunc(missing, func(c Check) bool { return c.Name == tc.check })
			require.NotEqual(t, -1, i, "%q missing; got %+v", tc.check, missing)
			assert.Contains(t, missing[i].Fix, tc.fix)
			assert.NotEmpty(t, missing[i].Detail)
			assert.Empty(t, byStatus(checks, Unknown))
		})
	}
}

func TestQuotaCountsOnlyGuardsNotYetAttached(t *testing.T) {
	cfg := testConfig()
	facts := allGood(cfg)
	// Five attached, the two guards among them: nothing to add.
	facts.TargetSCPs[webOU] = Observed([]string{"FullAWSAccess", "x", "y", guardName(cfg, "web"), guardName(cfg, "data")})
	c := findCheck(t, Checks(cfg, testContext(), facts), "room for 2 guard SCP(s) on "+webOU)
	assert.Equal(t, OK, c.Status, c.Detail)
	assert.Contains(t, c.Detail, "5 attached")
	assert.Contains(t, c.Detail, "0 to add: 5 of 5")

	// Four attached, neither guard: six.
	facts.TargetSCPs[webOU] = Observed([]string{"FullAWSAccess", "x", "y", "z"})
	c = findCheck(t, Checks(cfg, testContext(), facts), "room for 2 guard SCP(s) on "+webOU)
	assert.Equal(t, Missing, c.Status)
	assert.Contains(t, c.Detail, "2 to add: 6 of 5")
}

func findCheck(t *testing.T, checks []Check, prefix string) Check {
	t.Helper()
	for _, c := range checks {
		if strings.HasPrefix(c.Name, prefix) {
			return c
		}
	}
	t.Fatalf("no check %q", prefix)
	return Check{}
}

// TestUnknownFactsAreNeverMissing: with nothing observed, nothing the facts
// decide is reported missing; every such check is unknown with a reason.
// Only what the configuration alone decides (a root target) can be missing.
func TestUnknownFactsAreNeverMissing(t *testing.T) {
	cfg := testConfig()
	checks := Checks(cfg, testContext(), Facts{})
	assert.Empty(t, byStatus(checks, Missing))
	assert.Empty(t, byStatus(checks, OK))
	for _, c := range checks {
		assert.Equal(t, "not looked up", c.Detail, c.Name)
		assert.NotEmpty(t, c.Fix, c.Name)
	}

	// A reason travels to the check.
	facts := allGood(cfg)
	facts.CrossAccountBackup = NotObserved[bool]("run `orgbackup doctor` with management account credentials")
	c := findCheck(t, Checks(cfg, testContext(), facts), "cross-account backup enabled")
	assert.Equal(t, Unknown, c.Status)
	assert.Equal(t, "run `orgbackup doctor` with management account credentials", c.Detail)

	// The OrgPrerequisites component's look-up: the organization only.
	partial := Facts{
		FeatureSet:      Observed("ALL"),
		ServiceAccess:   Observed([]string{BackupPrincipal}),
		RootPolicyTypes: Observed([]string{BackupPolicyType, ServiceControlPolicyType}),
	}
	checks = Checks(cfg, testContext(), partial)
	missing := byStatus(checks, Missing)
	require.Len(t, missing, 1)
	assert.Equal(t, "trusted access for member.org.stacksets.cloudformation.amazonaws.com", missing[0].Name)
	assert.Equal(t, "aws organizations enable-policy-type --root-id $ROOT_ID --policy-type BACKUP_POLICY",
		strings.TrimPrefix(findCheck(t, checks, "BACKUP_POLICY").Fix, "run in the management account: "))
}

func TestTargetsTheConfigurationAloneDecides(t *testing.T) {
	cfg := testConfig()
	cfg.Deployments["web"] = deployment(rootOfOrg)
	cfg.Deployments["data"] = deployment(backupAccount, "333333333333")
	checks := Checks(cfg, testContext(), Facts{})
	missing := byStatus(checks, Missing)
	require.Len(t, missing, 2, "%+v", missing)
	assert.Equal(t, "backup account 111111111111 outside target 111111111111 (data)", missing[0].Name)
	assert.Equal(t, "remove 111111111111 from backupTargets", missing[0].Fix)
	assert.Equal(t, "backup account 111111111111 outside target r-ab12 (web)", missing[1].Name)
	assert.Contains(t, missing[1].Fix, "instead of the root r-ab12")
	assert.Equal(t, OK, findCheck(t, checks, "backup account 111111111111 outside target 333333333333").Status)
	assert.False(t, HasOUTargets(cfg), "no ListParents walk without an OU target")
}

func TestWhatTheConfigurationNeeds(t *testing.T) {
	base := testConfig()
	for _, tc := range []struct {
		name   string
		change func(*config.Config)
		want   []string // names of checks beyond the always-needed ones
		absent []string
	}{
		{"member stacks without protection: no StackSets, no SCPs, no guard", func(c *config.Config) {
			c.MemberAccountResources = config.MemberAccountStacks
		}, nil, []string{"trusted access for " + StackSetsPrincipal, "SERVICE_CONTROL_POLICY", "room for", "guard SCP",
			"account 111111111111 delegated administrator for " + StackSetsPrincipal}},
		{"member stacks protecting one deployment: its guard only", func(c *config.Config) {
			c.MemberAccountResources = config.MemberAccountStacks
			d := c.Deployments["data"]
			d.ProtectMemberResources = true
			c.Deployments["data"] = d
		}, []string{"SERVICE_CONTROL_POLICY enabled on the root", "guard SCP orgbackup-data-vault-manager-guard attached to " + webOU},
			[]string{"guard SCP orgbackup-web-vault-manager-guard", "trusted access for " + StackSetsPrincipal}},
		{"guards from the backup account: no attachment checks, quotas stay", func(c *config.Config) {
			c.GuardPolicyManagedBy = config.GuardManagedByBackupAccount
		}, []string{"room for 2 guard SCP(s) on " + webOU}, []string{"guard SCP orgbackup-"}},
		{"restores from air-gapped vaults: RAM", func(c *config.Config) {
			d := c.Deployments["web"]
			d.AllowBackupTargetsToRestore = true
			d.Plans = map[string]config.Plan{"daily": {UseLogicallyAirGappedVault: true, Rules: d.Plans["daily"].Rules}}
			c.Deployments["web"] = d
		}, []string{"trusted access for " + RAMPrincipal}, nil},
		{"restores without air-gapped vaults: no RAM", func(c *config.Config) {
			d := c.Deployments["web"]
			d.AllowBackupTargetsToRestore = true
			c.Deployments["web"] = d
		}, nil, []string{"trusted access for " + RAMPrincipal}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := base
			cfg.Deployments = map[string]config.Deployment{"web": base.Deployments["web"], "data": base.Deployments["data"]}
			tc.change(&cfg)
			var names []string
			for _, c := range Checks(cfg, testContext(), Facts{}) {
				names = append(names, c.Name)
			}
			joined := strings.Join(names, "\n")
			for _, w := range tc.want {
				assert.Contains(t, joined, w)
			}
			for _, a := range tc.absent {
				assert.NotContains(t, joined, a)
			}
			assert.Contains(t, joined, "trusted access for "+BackupPrincipal)
			assert.Contains(t, joined, "BACKUP_POLICY enabled on the root")
		})
	}
}

func TestChecksAreDeterministic(t *testing.T) {
	cfg := testConfig()
	first := fmt.Sprint(Checks(cfg, testContext(), allGood(cfg)))
	for range 20 {
		require.Equal(t, first, fmt.Sprint(Checks(cfg, testContext(), allGood(cfg))))
	}
}
