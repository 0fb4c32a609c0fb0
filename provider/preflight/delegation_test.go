package preflight

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/deployer"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
)

// rendered is OrgBackup's delegation for cfg, as OrgPrerequisites puts it
// and render writes it (policies-organizations/delegation.json).
func rendered(cfg config.Config) iam.Document {
	ctx := testContext()
	return deployer.Delegation(cfg.WithDefaults(ctx), ctx)
}

func withGuardsFromBackupAccount(cfg config.Config) config.Config {
	cfg.GuardPolicyManagedBy = config.GuardManagedByBackupAccount
	return cfg
}

// awsDocsListActions is the first statement of AWS's example "View
// organization, OUs, accounts, and policies"
// (https://docs.aws.amazon.com/organizations/latest/userguide/security_iam_resource-based-policy-examples.html),
// with its account 111122223333 and the first of its actions: a
// statement another team put for another account.
const awsDocsListActions = `{"Sid":"DelegatingNecessaryDescribeListActions","Effect":"Allow",
 "Principal":{"AWS":"arn:aws:iam::111122223333:root"},
 "Action":["organizations:DescribeOrganization","organizations:DescribeOrganizationalUnit","organizations:DescribeAccount",
  "organizations:DescribePolicy","organizations:DescribeEffectivePolicy","organizations:ListRoots",
  "organizations:ListOrganizationalUnitsForParent","organizations:ListParents","organizations:ListChildren",
  "organizations:ListAccounts"],
 "Resource":"*"}`

// withStatements is doc's JSON with raw statements added at the end.
func withStatements(t *testing.T, doc iam.Document, raw ...string) string {
	t.Helper()
	var generic map[string]any
	require.NoError(t, json.Unmarshal([]byte(doc.JSON()), &generic))
	for _, r := range raw {
		var s any
		require.NoError(t, json.Unmarshal([]byte(r), &s))
		generic["Statement"] = append(generic["Statement"].([]any), s)
	}
	out, err := json.Marshal(generic)
	require.NoError(t, err)
	return string(out)
}

// reshuffled writes doc as a person or the console might: indented,
// statements and lists in another order, one-element lists as lists,
// action names in another case, the account principal as its id.
func reshuffled(t *testing.T, doc iam.Document) string {
	t.Helper()
	var generic map[string]any
	require.NoError(t, json.Unmarshal([]byte(doc.JSON()), &generic))
	statements := generic["Statement"].([]any)
	slices.Reverse(statements)
	for _, s := range statements {
		st := s.(map[string]any)
		for _, key := range []string{"Action", "Resource"} {
			switch v := st[key].(type) {
			case string:
				st[key] = []any{v}
			case []any:
				slices.Reverse(v)
			}
		}
		if p, ok := st["Principal"].(map[string]any); ok && p["AWS"] == "arn:aws:iam::111111111111:root" {
			p["AWS"] = []any{"111111111111"} // the shortened form
		}
		if actions, ok := st["Action"].([]any); ok {
			actions[0] = strings.ToUpper(actions[0].(string)[:1]) + strings.ToLower(actions[0].(string)[1:])
		}
	}
	out, err := json.MarshalIndent(generic, "", "    ")
	require.NoError(t, err)
	return "\n  " + string(out) + "\n"
}

func without(doc iam.Document, sid string) iam.Document {
	doc.Statement = slices.DeleteFunc(slices.Clone(doc.Statement), func(s iam.Statement) bool { return s.Sid == sid })
	return doc
}

func changed(doc iam.Document, sid string, change func(*iam.Statement)) iam.Document {
	doc.Statement = slices.Clone(doc.Statement)
	for i := range doc.Statement {
		if doc.Statement[i].Sid == sid {
			s := doc.Statement[i]
			s.Action = slices.Clone(s.Action)
			change(&s)
			doc.Statement[i] = s
		}
	}
	return doc
}

func delegationStatuses(t *testing.T, cfg config.Config, facts Facts) map[string]Check {
	t.Helper()
	out := map[string]Check{}
	for _, c := range Checks(cfg, testContext(), facts) {
		if c.API == APIDescribeResourcePolicy {
			out[c.Name] = c
		}
	}
	return out
}

// TestDelegationPolicyComparison: the live policy against OrgBackup's,
// with guardPolicyManagedBy ManagementAccount (the default).
func TestDelegationPolicyComparison(t *testing.T) {
	cfg := testConfig()
	want := rendered(cfg)
	stale := rendered(withGuardsFromBackupAccount(cfg)) // a delegation from before ManagementAccount
	// OrgBackup's statements only ManagementAccount has (its read-only
	// statement on SCPs).
	var onlyOurs []string
	for _, w := range want.Statement {
		if !slices.ContainsFunc(stale.Statement, func(s iam.Statement) bool { return s.Sid == w.Sid }) {
			onlyOurs = append(onlyOurs, w.Sid)
		}
	}
	staleOurs := OK
	if len(onlyOurs) > 0 {
		staleOurs = Missing
	}
	noSCP := NoSCPWriteCheck(backupAccount)
	for _, tc := range []struct {
		name string
		live Fact[string]
		// statuses of the three checks: OrgBackup's statements, no SCP
		// write, the foreign ones; and what their details contain
		ours, scp, foreign       Status
		oursIn, scpIn, foreignIn string
	}{
		{name: "identical", live: Observed(want.JSON()),
			ours: OK, scp: OK, foreign: OK, oursIn: "present as rendered", foreignIn: "none"},
		{name: "whitespace, order and case", live: Observed(reshuffled(t, want)),
			ours: OK, scp: OK, foreign: OK, foreignIn: "none"},
		{name: "a statement missing", live: Observed(without(want, "ChangeBackupPolicies").JSON()),
			ours: Missing, scp: OK, foreign: OK, oursIn: "OrgBackup's statements absent: ChangeBackupPolicies"},
		{name: "an action missing", live: Observed(changed(want, "ReadTheOrganization", func(s *iam.Statement) {
			s.Action = s.Action[1:]
		}).JSON()), ours: Missing, scp: OK, foreign: OK, oursIn: "different: ReadTheOrganization (Action)"},
		{name: "a condition changed", live: Observed(changed(want, "CreateBackupPolicies", func(s *iam.Statement) {
			s.Condition = iam.Conditions{iam.StringEquals: {iam.OrganizationsPolicyType: iam.Strings{"TAG_POLICY"}}}
		}).JSON()), ours: Missing, scp: OK, foreign: OK, oursIn: "different: CreateBackupPolicies (Condition)"},
		{name: "a stale delegation granting SCP rights", live: Observed(stale.JSON()),
			ours: staleOurs, scp: Missing, foreign: OK,
			oursIn: strings.Join(onlyOurs, ", "),
			scpIn: "CreateGuardServiceControlPolicies, TagGuardServiceControlPoliciesAtCreation, ManageGuardServiceControlPolicies, " +
				"AttachGuardServiceControlPoliciesToTargets let account 111111111111 write service control policies",
			foreignIn: "none"},
		{name: "an extra SCP write statement", live: Observed(withStatements(t, want,
			`{"Sid":"Extra","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/admin"},"Action":"organizations:*","Resource":"*"}`)),
			ours: OK, scp: Missing, foreign: OK, scpIn: "Extra let account 111111111111 write", foreignIn: "none"},
		{name: "a foreign statement", live: Observed(withStatements(t, want, awsDocsListActions)),
			ours: OK, scp: OK, foreign: OK,
			foreignIn: "DelegatingNecessaryDescribeListActions: OrgPrerequisites would replace these statements: " +
				"set manageDelegationPolicy false and merge delegationPolicy into the policy yourself, or keep them out"},
		{name: "a foreign statement without a Sid", live: Observed(withStatements(t, want,
			strings.Replace(awsDocsListActions, `"Sid":"DelegatingNecessaryDescribeListActions",`, "", 1))),
			ours: OK, scp: OK, foreign: OK, foreignIn: "statement #7: OrgPrerequisites would replace"},
		{name: "no resource policy", live: Observed(""),
			ours: Missing, scp: OK, foreign: OK, oursIn: "the organization has no resource policy"},
		{name: "not JSON", live: Observed("{"),
			ours: Missing, scp: Unknown, foreign: Unknown, oursIn: "the policy cannot be read"},
		{name: "denied", live: NotObserved[string]("access denied to organizations:DescribeResourcePolicy"),
			ours: Unknown, scp: Unknown, foreign: Unknown, oursIn: "access denied", scpIn: "access denied"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			facts := allGood(cfg)
			facts.DelegationPolicy = tc.live
			got := delegationStatuses(t, cfg, facts)
			require.Len(t, got, 3)
			for _, c := range []struct {
				name   string
				status Status
				in     string
			}{
				{DelegationPolicyCheck, tc.ours, tc.oursIn}, {noSCP, tc.scp, tc.scpIn}, {ForeignStatementsCheck, tc.foreign, tc.foreignIn},
			} {
				assert.Equal(t, c.status, got[c.name].Status, "%s: %s", c.name, got[c.name].Detail)
				assert.Contains(t, got[c.name].Detail, c.in, c.name)
			}
			if tc.ours == Missing {
				assert.Contains(t, got[DelegationPolicyCheck].Fix, "apply policies-organizations/delegation.json (written by orgbackup render)")
				assert.Contains(t, got[DelegationPolicyCheck].Fix, "or deploy the OrgPrerequisites component")
			}
			if tc.scp == Missing {
				assert.Contains(t, got[noSCP].Fix, "remove ")
				assert.Contains(t, got[noSCP].Fix, "with guardPolicyManagedBy ManagementAccount the backup account needs no right on service control policies")
			}
		})
	}
}

// TestDelegationWithGuardsFromTheBackupAccount: OrgBackup's own SCP
// statements are no finding, and no SCP check is made.
func TestDelegationWithGuardsFromTheBackupAccount(t *testing.T) {
	cfg := withGuardsFromBackupAccount(testConfig())
	facts := allGood(cfg)
	facts.DelegationPolicy = Observed(rendered(cfg).JSON())
	got := delegationStatuses(t, cfg, facts)
	assert.Equal(t, map[string]Status{DelegationPolicyCheck: OK, ForeignStatementsCheck: OK},
		map[string]Status{DelegationPolicyCheck: got[DelegationPolicyCheck].Status, ForeignStatementsCheck: got[ForeignStatementsCheck].Status})
	assert.Len(t, got, 2)

	// A foreign statement granting SCP rights is listed with the others.
	facts.DelegationPolicy = Observed(withStatements(t, rendered(cfg),
		`{"Sid":"Extra","Effect":"Allow","Principal":"*","Action":"organizations:*","Resource":"*"}`))
	got = delegationStatuses(t, cfg, facts)
	assert.Equal(t, OK, got[DelegationPolicyCheck].Status)
	assert.True(t, strings.HasPrefix(got[ForeignStatementsCheck].Detail, "Extra: "), got[ForeignStatementsCheck].Detail)
}

// TestDelegationOrganizationFromFacts: the organization's id and management
// account come from DescribeOrganization over the context's; unknown, only
// the Sids are compared.
func TestDelegationOrganizationFromFacts(t *testing.T) {
	cfg := testConfig()
	ctx := testContext()
	ctx.OrganizationID, ctx.ManagementAccountID = "", ""
	facts := allGood(cfg)
	find := func() Check {
		for _, c := range Checks(cfg, ctx, facts) {
			if c.Name == DelegationPolicyCheck {
				return c
			}
		}
		t.Fatal("no delegation check")
		return Check{}
	}
	assert.Equal(t, OK, find().Status, find().Detail)

	facts.Organization = NotObserved[Organization]("access denied to organizations:DescribeOrganization")
	c := find()
	assert.Equal(t, Unknown, c.Status)
	assert.Contains(t, c.Detail, "every Sid of OrgBackup's is there, but")
	assert.Contains(t, c.Detail, "(access denied to organizations:DescribeOrganization)")

	facts.DelegationPolicy = Observed(without(rendered(cfg), "ReadTheOrganization").JSON())
	c = find()
	assert.Equal(t, Missing, c.Status)
	assert.Equal(t, "OrgBackup's statements absent: ReadTheOrganization", c.Detail)
}

// TestGrantsSCPWrite: which statements give the backup account write
// rights on service control policies.
func TestGrantsSCPWrite(t *testing.T) {
	const scpARN = "arn:aws:organizations::999999999999:policy/o-abcd1234ef/service_control_policy/*"
	const backupPolicyARN = "arn:aws:organizations::999999999999:policy/o-abcd1234ef/backup_policy/*"
	for _, tc := range []struct {
		name, statement string
		want            bool
	}{
		{"everything, from anyone", `{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`, true},
		{"every Organizations action", `{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"organizations:*","Resource":"*"}`, true},
		{"a role of the backup account", `{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:role/deployer"]},"Action":"organizations:UpdatePolicy","Resource":"` + scpARN + `"}`, true},
		{"a wildcard resource", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"organizations:DeletePolicy","Resource":"arn:aws:organizations::*"}`, true},
		{"AWS's own SCPs", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"organizations:AttachPolicy","Resource":"arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess"}`, true},
		{"attach by condition on targets", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":["organizations:AttachPolicy"],"Resource":"arn:aws:organizations::999999999999:ou/o-abcd1234ef/ou-ab12-webwebwe","Condition":{"StringEquals":{"organizations:PolicyType":"SERVICE_CONTROL_POLICY"}}}`, true},
		{"a Like condition", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"organizations:CreatePolicy","Resource":"arn:aws:organizations::999999999999:ou/o-abcd1234ef/*","Condition":{"StringLike":{"Organizations:PolicyType":"SERVICE_*"}}}`, true},
		{"a wildcard action name", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"organizations:De*","Resource":"*"}`, true},
		{"NotAction leaving Organizations in", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"NotAction":"iam:*","Resource":"*"}`, true},

		{"reads only", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":["organizations:DescribePolicy","organizations:ListPoliciesForTarget","organizations:List*"],"Resource":"*","Condition":{"StringEquals":{"organizations:PolicyType":"SERVICE_CONTROL_POLICY"}}}`, false},
		{"backup policies only", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"organizations:CreatePolicy","Resource":"*","Condition":{"StringEquals":{"organizations:PolicyType":"BACKUP_POLICY"}}}`, false},
		{"SCPs ruled out", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"organizations:*","Resource":"*","Condition":{"StringNotEquals":{"organizations:PolicyType":"SERVICE_CONTROL_POLICY"}}}`, false},
		{"backup policy ARNs", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"organizations:UpdatePolicy","Resource":"` + backupPolicyARN + `"}`, false},
		{"another account", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"organizations:*","Resource":"*"}`, false},
		{"a service", `{"Effect":"Allow","Principal":{"Service":"backup.amazonaws.com"},"Action":"organizations:*","Resource":"*"}`, false},
		{"a deny", `{"Effect":"Deny","Principal":"*","Action":"organizations:*","Resource":"*"}`, false},
		{"another service's actions", `{"Effect":"Allow","Principal":"*","Action":"backup:*","Resource":"*"}`, false},
		{"NotPrincipal naming the backup account", `{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"organizations:*","Resource":"*"}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			statements, err := parsePolicy(`{"Version":"2012-10-17","Statement":` + tc.statement + `}`)
			require.NoError(t, err)
			require.Len(t, statements, 1)
			assert.Equal(t, tc.want, grantsSCPWrite(statements[0], backupAccount))
		})
	}
}

// TestOrgBackupsStatementsWriteNoSCPUnderManagementAccount: with the
// default guardPolicyManagedBy, nothing OrgBackup renders counts as SCP
// write rights, its read-only SCP statement included; with BackupAccount,
// its guard statements do.
func TestOrgBackupsStatementsWriteNoSCPUnderManagementAccount(t *testing.T) {
	cmp, err := CompareDelegation(rendered(testConfig()).JSON(), rendered(testConfig()).JSON(), backupAccount)
	require.NoError(t, err)
	assert.Empty(t, cmp.SCPWrite)
	assert.Empty(t, cmp.Foreign)
	assert.Empty(t, cmp.Absent)
	assert.Empty(t, cmp.Different)

	backup := rendered(withGuardsFromBackupAccount(testConfig())).JSON()
	cmp, err = CompareDelegation(backup, backup, backupAccount)
	require.NoError(t, err)
	assert.NotEmpty(t, cmp.SCPWrite)
	assert.Empty(t, cmp.Foreign)
}

func TestIntersects(t *testing.T) {
	seg := string(segment)
	for _, tc := range []struct {
		pattern, template string
		want              bool
	}{
		{"*", "abc", true},
		{"a?c", "abc", true},
		{"a*", "b", false},
		{"arn:aws:x/*", "arn:" + seg + ":x/" + seg, true},
		{"arn:aws:x/a/b", "arn:" + seg + ":x/" + seg, false}, // a segment holds no '/'
		{"policy/o-abc/backup_policy/*", "policy/o-" + seg + "/service_control_policy/p-" + seg, false},
		{"*backup_policy/*", "policy/o-" + seg + "/service_control_policy/p-" + seg, true}, // o-backup_policy/service_control_policy/…
		{"*/service_control_policy/*", "policy/o-" + seg + "/service_control_policy/p-" + seg, true},
		{"", "", true},
		{"", seg, true},
	} {
		assert.Equal(t, tc.want, intersects(tc.pattern, tc.template), "%q ∩ %q", tc.pattern, strings.ReplaceAll(tc.template, seg, "<seg>"))
	}
}
