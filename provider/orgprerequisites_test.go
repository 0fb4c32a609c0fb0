package provider

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/prerequisites"
)

// managementContext is testContext seen from the management account.
var managementContext = func() config.Context {
	c := testContext
	c.AccountID = testContext.ManagementAccountID
	return c
}()

// orgMocks answer OrgPrerequisites' look-ups in the management account:
// the organization with its settings and the registered delegated
// administrators; the rest as mocks does.
type orgMocks struct {
	*mocks
	featureSet string
	principals []string
	types      []string
	registered map[string][]string // principal -> accounts
}

func newOrgMocks() *orgMocks {
	return &orgMocks{mocks: &mocks{account: testContext.ManagementAccountID}, featureSet: "ALL",
		principals: []string{prerequisites.BackupPrincipal, prerequisites.StackSetsPrincipal},
		types:      []string{"BACKUP_POLICY", "SERVICE_CONTROL_POLICY"}}
}

func (m *orgMocks) Call(a pulumi.MockCallArgs) (resource.PropertyMap, error) {
	switch a.Token {
	case desired.GetOrganization:
		policyTypes := []any{}
		for _, t := range m.types {
			policyTypes = append(policyTypes, map[string]any{"type": t, "status": "ENABLED"})
		}
		return resource.NewPropertyMapFromMap(map[string]any{"id": testContext.OrganizationID,
			"masterAccountId": testContext.ManagementAccountID, "featureSet": m.featureSet,
			"awsServiceAccessPrincipals": m.principals, "enabledPolicyTypes": m.types,
			"roots": []any{map[string]any{"id": "r-ab12", "name": "Root", "arn": "arn:root", "policyTypes": policyTypes}},
		}), nil
	case desired.GetDelegatedAdministrators:
		admins := []any{}
		for _, id := range m.registered[a.Args["servicePrincipal"].StringValue()] {
			admins = append(admins, map[string]any{"id": id, "arn": "arn:" + id, "status": "ACTIVE"})
		}
		return resource.NewPropertyMapFromMap(map[string]any{"id": "admins", "delegatedAdministrators": admins}), nil
	}
	return m.mocks.Call(a)
}

// prerequisitesOutputs are the resolved outputs of one construction.
type prerequisitesOutputs struct {
	delegationPolicy string
	guardPolicyIDs   map[string]string
	principals       []string
	manualSteps      []string
}

func runPrerequisites(m *orgMocks, args OrgPrerequisitesArgs) (prerequisitesOutputs, error) {
	// The outputs made of plain values are not waited for by RunErr: the
	// apply hands them over.
	done := make(chan prerequisitesOutputs, 1)
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		c, err := NewOrgPrerequisites(ctx, "prerequisites", args)
		if err != nil {
			return err
		}
		pulumi.All(c.DelegationPolicy, c.GuardPolicyIDs, c.DelegatedAdministrators, c.ManualSteps).ApplyT(func(v []any) int {
			done <- prerequisitesOutputs{v[0].(string), v[1].(map[string]string), v[2].([]string), v[3].([]string)}
			return 0
		})
		return nil
	}, pulumi.WithMocks("project", "stack", m))
	if err != nil {
		return prerequisitesOutputs{}, err
	}
	select {
	case out := <-done:
		return out, nil
	case <-time.After(30 * time.Second):
		return prerequisitesOutputs{}, errors.New("the outputs never resolved")
	}
}

// prerequisitesArgs are an example's OrgBackup inputs with the backup account.
func prerequisitesArgs(t testing.TB, example string) OrgPrerequisitesArgs {
	backup := exampleArgs(t, example)
	out := OrgPrerequisitesArgs{BackupAccountID: testContext.AccountID}
	to, from := reflect.ValueOf(&out).Elem(), reflect.ValueOf(backup)
	for _, f := range reflect.VisibleFields(from.Type()) {
		to.FieldByName(f.Name).Set(from.FieldByIndex(f.Index))
	}
	require.Equal(t, backup, out.orgBackupArgs())
	return out
}

// TestOrgPrerequisitesRegistersItsPlan: under mocks, every example
// registers exactly prerequisites.Build's plan (its order is the pure
// package's test) under the
// component, with its retention, and outputs its delegation policy, guard
// SCP ids and principals; the organization has every setting, so there is
// no manual step.
func TestOrgPrerequisitesRegistersItsPlan(t *testing.T) {
	for _, example := range []string{"reference", "reference-lag", "lag-pitr", "member-stacks"} {
		t.Run(example, func(t *testing.T) {
			args := prerequisitesArgs(t, example)
			want, err := prerequisites.Build(args.orgBackupArgs().toConfig(), managementContext, args.BackupAccountID, prerequisites.Options{})
			require.NoError(t, err)
			m := newOrgMocks()
			out, err := runPrerequisites(m, args)
			require.NoError(t, err)

			byName := m.byName()
			assert.Len(t, m.children, len(want.Resources)+1, "the plan and the component")
			for _, r := range want.Resources {
				got, ok := byName["prerequisites-"+r.Name]
				require.True(t, ok, "%s is registered", r.Name)
				assert.Equal(t, r.Type, got.Type)
				assert.Equal(t, r.RetainOnDelete, got.RetainOnDelete, r.Name)
				assert.Empty(t, got.ImportID, "nothing is registered yet: %s is created", r.Name)
				assert.Contains(t, got.Parent, OrgPrerequisitesToken)
			}
			admin := byName["prerequisites-"+prerequisites.DelegatedAdministrator(prerequisites.BackupPrincipal)]
			assert.Equal(t, testContext.AccountID, admin.Inputs["accountId"].StringValue())
			policy := byName["prerequisites-"+prerequisites.DelegationPolicy]
			assert.Equal(t, want.DelegationPolicy, policy.Inputs["content"].StringValue())
			assert.Equal(t, want.DelegationPolicy, out.delegationPolicy)
			assert.Equal(t, want.DelegatedAdministrators, out.principals)
			assert.Empty(t, out.manualSteps)
			assert.Len(t, out.guardPolicyIDs, len(want.GuardPolicies))
			for key, name := range want.GuardPolicies {
				assert.Equal(t, "prerequisites-"+name+"-id", out.guardPolicyIDs[key])
			}
		})
	}
}

// TestOrgPrerequisitesAdoptsWhatExists: the backup account's existing
// registration for AWS Backup is imported and kept on destroy, the one for
// StackSets (another account's) is created; the adopted guard SCP is
// imported with each attachment as "<target>:<policy>".
func TestOrgPrerequisitesAdoptsWhatExists(t *testing.T) {
	args := prerequisitesArgs(t, "lag-pitr")
	args.GuardPolicyIDs = map[string]string{"ca-prod": "p-guard1234"}
	m := newOrgMocks()
	m.registered = map[string][]string{prerequisites.BackupPrincipal: {testContext.AccountID},
		prerequisites.StackSetsPrincipal: {"222222222222"}}
	_, err := runPrerequisites(m, args)
	require.NoError(t, err)
	byName := m.byName()
	backup := byName["prerequisites-"+prerequisites.DelegatedAdministrator(prerequisites.BackupPrincipal)]
	assert.Equal(t, testContext.AccountID+"/backup.amazonaws.com", backup.ImportID)
	assert.True(t, backup.RetainOnDelete)
	stackSets := byName["prerequisites-"+prerequisites.DelegatedAdministrator(prerequisites.StackSetsPrincipal)]
	assert.Empty(t, stackSets.ImportID)
	assert.True(t, stackSets.RetainOnDelete, "a registration the component makes stays on destroy too")

	policies := m.ofType(desired.OrganizationsPolicy)
	require.Len(t, policies, 1)
	assert.Equal(t, "p-guard1234", policies[0].ImportID)
	attachments := m.ofType(desired.OrganizationsAttachment)
	require.Len(t, attachments, 2)
	for _, a := range attachments {
		assert.Equal(t, a.Inputs["targetId"].StringValue()+":p-guard1234", a.ImportID)
	}
}

// TestOrgPrerequisitesRefusesMissingSettings: an organization without
// trusted access or a policy type fails the preview, naming the command
// of each, and nothing is registered.
func TestOrgPrerequisitesRefusesMissingSettings(t *testing.T) {
	m := newOrgMocks()
	m.principals = []string{"ram.amazonaws.com"}
	m.types = []string{}
	_, err := runPrerequisites(m, prerequisitesArgs(t, "lag-pitr"))
	require.Error(t, err)
	for _, cmd := range []string{
		"aws organizations enable-aws-service-access --service-principal backup.amazonaws.com",
		"aws cloudformation activate-organizations-access",
		"aws organizations enable-policy-type --root-id r-ab12 --policy-type BACKUP_POLICY",
		"aws organizations enable-policy-type --root-id r-ab12 --policy-type SERVICE_CONTROL_POLICY",
	} {
		assert.Contains(t, err.Error(), cmd)
	}
	assert.Empty(t, m.children)

	m = newOrgMocks()
	m.featureSet = "CONSOLIDATED_BILLING"
	_, err = runPrerequisites(m, prerequisitesArgs(t, "reference"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "aws organizations enable-all-features")

	args := prerequisitesArgs(t, "reference")
	args.BackupAccountID = "12345"
	_, err = runPrerequisites(newOrgMocks(), args)
	var ps config.Problems
	require.True(t, errors.As(err, &ps) || err != nil)
	assert.Contains(t, err.Error(), "backupAccountId")
}

// TestGuardPoliciesBelongToOneAccount: with ManagementAccount (the
// default) OrgPrerequisites registers the guard SCPs and its delegation
// policy grants nothing on SCPs but reading them (the guard look-up); with
// BackupAccount it registers none and the delegation policy lets the
// backup account manage them.
func TestGuardPoliciesBelongToOneAccount(t *testing.T) {
	args := prerequisitesArgs(t, "lag-pitr")
	m := newOrgMocks()
	out, err := runPrerequisites(m, args)
	require.NoError(t, err)
	assert.Len(t, m.ofType(desired.OrganizationsPolicy), 1)
	assert.Len(t, m.ofType(desired.OrganizationsAttachment), 2)
	var delegation iam.Document
	require.NoError(t, json.Unmarshal([]byte(out.delegationPolicy), &delegation))
	for _, st := range delegation.Statement {
		if strings.Contains(iam.New(st).JSON(), desired.ServiceControlPolicy) {
			assert.Equal(t, "ReadServiceControlPolicies", st.Sid)
			assert.ElementsMatch(t, iam.Strings{"organizations:DescribePolicy", "organizations:ListPoliciesForTarget"}, st.Action)
		}
	}
	assert.Equal(t, []string{"ca-prod"}, slices.Collect(func(yield func(string) bool) {
		for k := range out.guardPolicyIDs {
			yield(k)
		}
	}))

	backupAccount := GuardPolicyManagedBy(config.GuardManagedByBackupAccount)
	args.GuardPolicyManagedBy = &backupAccount
	m = newOrgMocks()
	out, err = runPrerequisites(m, args)
	require.NoError(t, err)
	assert.Empty(t, m.ofType(desired.OrganizationsPolicy))
	assert.Empty(t, m.ofType(desired.OrganizationsAttachment))
	assert.Empty(t, out.guardPolicyIDs)
	assert.Contains(t, out.delegationPolicy, desired.ServiceControlPolicy)
}

// TestManageDelegationPolicyFalse: no resource policy, its content as an
// output and the command to merge it as a manual step.
func TestManageDelegationPolicyFalse(t *testing.T) {
	args := prerequisitesArgs(t, "reference")
	no := false
	args.ManageDelegationPolicy = &no
	m := newOrgMocks()
	out, err := runPrerequisites(m, args)
	require.NoError(t, err)
	assert.Empty(t, m.ofType(desired.OrganizationsResourcePolicy))
	assert.NotEmpty(t, out.delegationPolicy)
	assert.Equal(t, []string{prerequisites.DelegationPolicyCommand}, out.manualSteps)
}

// TestPrerequisitesArgsAreOrgBackupArgs: OrgPrerequisites takes every
// input of OrgBackup under the same name and schema (plain where OrgBackup's
// is), so one configuration serves both stacks, and its own three.
func TestPrerequisitesArgsAreOrgBackupArgs(t *testing.T) {
	resp, err := newServer(t, nil).GetSchema(p.GetSchemaRequest{})
	require.NoError(t, err)
	var schema struct {
		Resources map[string]struct {
			InputProperties map[string]json.RawMessage
			RequiredInputs  []string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(resp.Schema), &schema))
	backup, prereq := schema.Resources[OrgBackupToken], schema.Resources[OrgPrerequisitesToken]
	require.NotEmpty(t, backup.InputProperties)
	for name, spec := range backup.InputProperties {
		assert.JSONEq(t, string(spec), string(prereq.InputProperties[name]), name)
	}
	for _, own := range []string{"backupAccountId", "manageDelegationPolicy", "guardPolicyIds"} {
		assert.Contains(t, prereq.InputProperties, own)
	}
	assert.Len(t, prereq.InputProperties, len(backup.InputProperties)+3)
	assert.ElementsMatch(t, append(backup.RequiredInputs, "backupAccountId"), prereq.RequiredInputs)
	// The Go fields too: orgBackupArgs copies every one by name.
	prereqType := reflect.TypeFor[OrgPrerequisitesArgs]()
	for _, f := range reflect.VisibleFields(reflect.TypeFor[OrgBackupArgs]()) {
		g, ok := prereqType.FieldByName(f.Name)
		require.True(t, ok, f.Name)
		assert.Equal(t, f.Type, g.Type, f.Name)
		assert.Equal(t, f.Tag, g.Tag, f.Name)
	}
}

// TestDelegationNamesAnOUKnownLate: an OU id that is an output (an OU the
// program creates) becomes the OU's own ARN in the delegation policy once
// known, never ou/<organization>/*, which would let the backup account
// attach backup policies to any OU.
func TestDelegationNamesAnOUKnownLate(t *testing.T) {
	const ou = "ou-abcd-defghijk"
	m := newOrgMocks()
	contents := make(chan string, 2)
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		src := &ouSource{}
		if err := ctx.RegisterResource("test:index:OU", "ou", pulumi.Map{"ouId": pulumi.String(ou)}, src); err != nil {
			return err
		}
		args := prerequisitesArgs(t, "reference")
		args.Deployments["website-service"].BackupTargets[0] = src.OuID
		c, err := NewOrgPrerequisites(ctx, "prerequisites", args)
		if err != nil {
			return err
		}
		c.DelegationPolicy.ApplyT(func(s string) int { contents <- s; return 0 })
		return nil
	}, pulumi.WithMocks("project", "stack", m))
	require.NoError(t, err)
	var output string
	select {
	case output = <-contents:
	case <-time.After(30 * time.Second):
		t.Fatal("the delegation policy output never resolved")
	}
	ouARN := "arn:aws:organizations::" + testContext.ManagementAccountID + ":ou/" + testContext.OrganizationID + "/" + ou
	for what, content := range map[string]string{
		"output":            output,
		"registered policy": m.byName()["prerequisites-"+prerequisites.DelegationPolicy].Inputs["content"].StringValue(),
	} {
		assert.Contains(t, content, `"`+ouARN+`"`, what)
		assert.NotContains(t, content, ":ou/"+testContext.OrganizationID+"/*", what)
		assert.NotContains(t, content, "{{", what)
	}
}
