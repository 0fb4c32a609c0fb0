//go:build moto

package moto

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/deployer"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/preflight"
	"github.com/orgbackup/pulumi-orgbackup/provider/preflight/awsfacts"
)

// Moto 5.2.1 serves neither AWS Backup's DescribeGlobalSettings nor
// Organizations' DescribeResourcePolicy. A proxy in front of moto answers
// those two from the documented Response Syntax (neither API reference page
// has an Examples section) and forwards everything else to moto.

// globalSettingsAnswer follows
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeGlobalSettings.html
// (Response Syntax: {"GlobalSettings": {"string": "string"}, "LastUpdateTime": number}).
const globalSettingsAnswer = `{"GlobalSettings":{"isCrossAccountBackupEnabled":"%t","isMpaEnabled":"false","isDelegatedAdministratorEnabled":"true"},"LastUpdateTime":1516925490.087}`

// resourcePolicyAnswer builds the answer of
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeResourcePolicy.html
// from its Response Syntax ({"ResourcePolicy": {"Content": "string",
// "ResourcePolicySummary": {"Arn": "string", "Id": "string"}}}, the Arn
// and Id of ResourcePolicySummary's patterns,
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ResourcePolicySummary.html),
// Content the policy text as a JSON string
// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ResourcePolicy.html);
// resourcePolicyNotFound is its Errors' ResourcePolicyNotFoundException.
func resourcePolicyAnswer(content string) string {
	answer, err := json.Marshal(map[string]any{"ResourcePolicy": map[string]any{
		"Content": content,
		"ResourcePolicySummary": map[string]string{
			"Arn": "arn:aws:organizations::123456789012:resourcepolicy/o-abcd1234ef/rp-abcd1234", "Id": "rp-abcd1234",
		},
	}})
	if err != nil {
		panic(err)
	}
	return string(answer)
}

const resourcePolicyNotFound = `{"__type":"ResourcePolicyNotFoundException","Message":"We can't find a resource policy request with the parameter that you specified."}`

// awsDocsListActions is the first statement of AWS's example "View
// organization, OUs, accounts, and policies"
// (https://docs.aws.amazon.com/organizations/latest/userguide/security_iam_resource-based-policy-examples.html),
// its account 111122223333 and the first of its actions: a statement that
// is not OrgBackup's.
var awsDocsListActions = iam.Statement{Sid: "DelegatingNecessaryDescribeListActions", Effect: iam.Allow,
	Principal: &iam.Principal{AWS: iam.Strings{"arn:aws:iam::111122223333:root"}},
	Action: iam.Strings{"organizations:DescribeOrganization", "organizations:DescribeOrganizationalUnit",
		"organizations:DescribeAccount", "organizations:DescribePolicy", "organizations:DescribeEffectivePolicy",
		"organizations:ListRoots", "organizations:ListOrganizationalUnitsForParent", "organizations:ListParents",
		"organizations:ListChildren", "organizations:ListAccounts"},
	Resource: iam.Strings{"*"}}

// notInMoto is what the proxy answers for the two calls moto lacks:
// delegationPolicy is the resource policy's content, "" for none.
type notInMoto struct {
	mu                 sync.Mutex
	crossAccountBackup bool
	delegationPolicy   string
}

func (s *notInMoto) set(crossAccountBackup bool, delegationPolicy string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.crossAccountBackup, s.delegationPolicy = crossAccountBackup, delegationPolicy
}

// proxy returns the endpoint of a server in front of moto.
func proxy(t *testing.T, moto string, s *notInMoto) string {
	t.Helper()
	target, err := url.Parse(moto)
	require.NoError(t, err)
	forward := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		cab, policy := s.crossAccountBackup, s.delegationPolicy
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/global-settings":
			_, _ = io.Copy(io.Discard, r.Body)
			_, _ = fmt.Fprintf(w, globalSettingsAnswer, cab)
		case r.Header.Get("X-Amz-Target") == "AWSOrganizationsV20161128.DescribeResourcePolicy":
			_, _ = io.Copy(io.Discard, r.Body)
			if policy == "" {
				w.WriteHeader(http.StatusBadRequest)
				_, _ = io.WriteString(w, resourcePolicyNotFound)
				return
			}
			_, _ = io.WriteString(w, resourcePolicyAnswer(policy))
		default:
			forward.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// organization is the moto organization the doctor tests look at.
type organization struct {
	id, root, workloads, backupOU, backupAccount string
}

func newOrganization(t *testing.T, c *clients) organization {
	t.Helper()
	ctx := context.Background()
	org, err := c.orgs.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll})
	require.NoError(t, err)
	roots, err := c.orgs.ListRoots(ctx, &organizations.ListRootsInput{})
	require.NoError(t, err)
	o := organization{id: aws.ToString(org.Organization.Id), root: aws.ToString(roots.Roots[0].Id)}
	for name, id := range map[string]*string{"workloads": &o.workloads, "backup": &o.backupOU} {
		ou, err := c.orgs.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{
			ParentId: aws.String(o.root), Name: aws.String(name),
		})
		require.NoError(t, err)
		*id = aws.ToString(ou.OrganizationalUnit.Id)
	}
	created, err := c.orgs.CreateAccount(ctx, &organizations.CreateAccountInput{
		AccountName: aws.String("backup"), Email: aws.String("backup@example.com"),
	})
	require.NoError(t, err)
	o.backupAccount = aws.ToString(created.CreateAccountStatus.AccountId)
	o.move(t, c, o.root, o.backupOU)
	return o
}

func (o organization) move(t *testing.T, c *clients, from, to string) {
	t.Helper()
	_, err := c.orgs.MoveAccount(context.Background(), &organizations.MoveAccountInput{
		AccountId: aws.String(o.backupAccount), SourceParentId: aws.String(from), DestinationParentId: aws.String(to),
	})
	require.NoError(t, err)
}

// doctorConfig is a StackSet deployment (so with a guard SCP from the
// management account, the default) targeting the workloads OU.
func doctorConfig(o organization) config.Config {
	return config.Config{
		CentralAccountResourceNamePrefix: "orgbackup-",
		MemberAccountResourceNamePrefix:  "orgdeploy-",
		Deployments: map[string]config.Deployment{"web": {
			BackupTargets: []string{o.workloads},
			Plans:         map[string]config.Plan{"daily": {Rules: []config.Rule{{ScheduleExpression: "cron(0 3 ? * * *)"}}}},
		}},
	}
}

// delegation is OrgBackup's delegation policy for cfg in o, as
// OrgPrerequisites puts it and render writes it, with more statements.
func delegation(cfg config.Config, o organization, more ...iam.Statement) string {
	ctx := config.Context{Partition: "aws", AccountID: o.backupAccount, OrganizationID: o.id,
		ManagementAccountID: motoAccount, Region: "eu-west-2"}
	doc := deployer.Delegation(cfg.WithDefaults(ctx), ctx)
	doc.Statement = append(doc.Statement, more...)
	return doc.JSON()
}

// statuses runs the gathering, through the real SDK clients, and the checks.
func statuses(t *testing.T, endpoint string, cfg config.Config, o organization) map[string]preflight.Check {
	t.Helper()
	cctx := config.Context{Partition: "aws", AccountID: o.backupAccount, Region: "eu-west-2"}
	facts := awsfacts.Gather(context.Background(), awsfacts.NewClients(awsConfig(endpoint, "eu-west-2")), cfg, cctx,
		awsfacts.Accounts{Caller: motoAccount, Backup: o.backupAccount})
	out := map[string]preflight.Check{}
	for _, c := range preflight.Checks(cfg, cctx, facts) {
		out[c.Name] = c
	}
	return out
}

// fulfil does, in moto, what the management account does for the doctor's
// checks (docs/prerequisites.md), through the SDK.
func fulfil(t *testing.T, c *clients, o organization, guard string) string {
	t.Helper()
	ctx := context.Background()
	for _, p := range []string{preflight.BackupPrincipal, preflight.StackSetsPrincipal} {
		_, err := c.orgs.EnableAWSServiceAccess(ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String(p)})
		require.NoError(t, err)
		_, err = c.orgs.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{
			AccountId: aws.String(o.backupAccount), ServicePrincipal: aws.String(p),
		})
		require.NoError(t, err)
	}
	for _, pt := range []orgtypes.PolicyType{orgtypes.PolicyTypeBackupPolicy, orgtypes.PolicyTypeServiceControlPolicy} {
		_, err := c.orgs.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(o.root), PolicyType: pt})
		require.NoError(t, err)
	}
	return attachSCP(t, c, guard, o.workloads)
}

func attachSCP(t *testing.T, c *clients, name, target string) string {
	t.Helper()
	ctx := context.Background()
	p, err := c.orgs.CreatePolicy(ctx, &organizations.CreatePolicyInput{
		Name: aws.String(name), Description: aws.String(name), Type: orgtypes.PolicyTypeServiceControlPolicy,
		Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"backup:DeleteBackupVault","Resource":"*"}]}`),
	})
	require.NoError(t, err)
	id := aws.ToString(p.Policy.PolicySummary.Id)
	_, err = c.orgs.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(id), TargetId: aws.String(target)})
	require.NoError(t, err)
	return id
}

// TestDoctorChecksInMoto observes a moto organization through the real SDK
// clients, before and after each prerequisite is put in place.
func TestDoctorChecksInMoto(t *testing.T) {
	moto := startMoto(t)
	resetMoto(t, moto)
	state := &notInMoto{}
	endpoint := proxy(t, moto, state)
	c := newClients(endpoint)
	o := newOrganization(t, c)
	cfg := doctorConfig(o)
	guard := cfg.Names("web").VaultManagerGuard()
	ba := o.backupAccount

	got := statuses(t, endpoint, cfg, o)
	want := map[string]preflight.Status{
		"organization with all features":                                                                          preflight.OK,
		"trusted access for backup.amazonaws.com":                                                                 preflight.Missing,
		"trusted access for member.org.stacksets.cloudformation.amazonaws.com":                                    preflight.Missing,
		"BACKUP_POLICY enabled on the root":                                                                       preflight.Missing,
		"SERVICE_CONTROL_POLICY enabled on the root":                                                              preflight.Missing,
		"account " + ba + " delegated administrator for backup.amazonaws.com":                                     preflight.Missing,
		"account " + ba + " delegated administrator for " + preflight.StackSetsPrincipal:                          preflight.Missing,
		"cross-account backup enabled":                                                                            preflight.Missing,
		"AWS Backup service-linked role in " + ba + " as the context says (backupServiceLinkedRoleExists: false)": preflight.Unknown,
		"resource-based delegation policy":                                                                        preflight.Missing,
		preflight.NoSCPWriteCheck(ba):                                                                             preflight.OK,
		preflight.ForeignStatementsCheck:                                                                          preflight.OK,
		"backup account " + ba + " outside target " + o.workloads + " (web)":                                      preflight.OK,
		"room for 1 guard SCP(s) on " + o.workloads + " (at most 5 SCPs, FullAWSAccess included)":                 preflight.OK,
		"guard SCP " + guard + " attached to " + o.workloads:                                                      preflight.Missing,
	}
	assertStatuses(t, want, got)
	assert.Equal(t, "run in the management account: aws organizations enable-policy-type --root-id "+o.root+
		" --policy-type BACKUP_POLICY", got["BACKUP_POLICY enabled on the root"].Fix, "the fix names moto's root")
	assert.Contains(t, got["AWS Backup service-linked role in "+ba+" as the context says (backupServiceLinkedRoleExists: false)"].Detail,
		"run `orgbackup doctor` with the backup account's ("+ba+") credentials")

	assert.Equal(t, "the organization has no resource policy", got["resource-based delegation policy"].Detail)

	fulfil(t, c, o, guard)
	state.set(true, delegation(cfg, o))
	got = statuses(t, endpoint, cfg, o)
	for name := range want {
		if want[name] == preflight.Missing {
			want[name] = preflight.OK
		}
	}
	assertStatuses(t, want, got)
	assert.Equal(t, "none", got[preflight.ForeignStatementsCheck].Detail)

	// A delegation from before guardPolicyManagedBy ManagementAccount,
	// which let the backup account manage the guard SCPs, and a statement
	// of another team's.
	stale := cfg
	stale.GuardPolicyManagedBy = config.GuardManagedByBackupAccount
	staleDoc := deployer.Delegation(stale.WithDefaults(config.Context{}), config.Context{Partition: "aws", AccountID: ba,
		OrganizationID: o.id, ManagementAccountID: motoAccount})
	state.set(true, iam.New(append(staleDoc.Statement, awsDocsListActions)...).JSON())
	got = statuses(t, endpoint, cfg, o)
	ours := got["resource-based delegation policy"]
	var absent []string // OrgBackup's read-only statement on SCPs, which only ManagementAccount has
	current := deployer.Delegation(cfg.WithDefaults(config.Context{}), config.Context{Partition: "aws", AccountID: ba,
		OrganizationID: o.id, ManagementAccountID: motoAccount})
	for _, s := range current.Statement {
		if !slices.ContainsFunc(staleDoc.Statement, func(old iam.Statement) bool { return old.Sid == s.Sid }) {
			absent = append(absent, s.Sid)
		}
	}
	if len(absent) > 0 {
		assert.Equal(t, preflight.Missing, ours.Status)
		assert.Equal(t, "OrgBackup's statements absent: "+strings.Join(absent, ", "), ours.Detail)
	}
	noSCP := got[preflight.NoSCPWriteCheck(ba)]
	assert.Equal(t, preflight.Missing, noSCP.Status)
	assert.Equal(t, "CreateGuardServiceControlPolicies, TagGuardServiceControlPoliciesAtCreation, ManageGuardServiceControlPolicies, "+
		"AttachGuardServiceControlPoliciesToTargets let account "+ba+" write service control policies", noSCP.Detail)
	foreign := got[preflight.ForeignStatementsCheck]
	assert.Equal(t, preflight.OK, foreign.Status)
	assert.Equal(t, "DelegatingNecessaryDescribeListActions: "+preflight.ForeignStatementsNote, foreign.Detail)

	// The delegation put back, with the other team's statement merged in.
	state.set(true, delegation(cfg, o, awsDocsListActions))
	got = statuses(t, endpoint, cfg, o)
	assertStatuses(t, want, got)

	// Three more SCPs: five with FullAWSAccess (which moto, as AWS,
	// attaches to a new OU) and the guard, the most a target takes.
	for i := range 3 {
		attachSCP(t, c, fmt.Sprintf("other-%d", i), o.workloads)
	}
	quota := "room for 1 guard SCP(s) on " + o.workloads + " (at most 5 SCPs, FullAWSAccess included)"
	got = statuses(t, endpoint, cfg, o)
	assert.Equal(t, preflight.OK, got[quota].Status, got[quota].Detail)
	assert.Contains(t, got[quota].Detail, "0 to add: 5 of 5")

	// Another SCP leaves no room for the guard once it is detached.
	attachSCP(t, c, "other-3", o.workloads)
	policies, err := c.orgs.ListPoliciesForTarget(context.Background(), &organizations.ListPoliciesForTargetInput{
		TargetId: aws.String(o.workloads), Filter: orgtypes.PolicyTypeServiceControlPolicy,
	})
	require.NoError(t, err)
	for _, p := range policies.Policies {
		if aws.ToString(p.Name) == guard {
			_, err := c.orgs.DetachPolicy(context.Background(), &organizations.DetachPolicyInput{PolicyId: p.Id, TargetId: aws.String(o.workloads)})
			require.NoError(t, err)
		}
	}
	got = statuses(t, endpoint, cfg, o)
	assert.Equal(t, preflight.Missing, got[quota].Status, got[quota].Detail)
	assert.Contains(t, got[quota].Detail, "1 to add: 6 of 5")
	assert.Equal(t, preflight.Missing, got["guard SCP "+guard+" attached to "+o.workloads].Status)

	// The backup account inside the target.
	o.move(t, c, o.backupOU, o.workloads)
	got = statuses(t, endpoint, cfg, o)
	placement := got["backup account "+ba+" outside target "+o.workloads+" (web)"]
	assert.Equal(t, preflight.Missing, placement.Status)
	assert.Equal(t, "the backup account lies in "+o.workloads+" (parents: "+o.workloads+" < "+o.root+")", placement.Detail)
	assert.Contains(t, placement.Fix, "move the backup account into an OU no deployment targets")
}

func assertStatuses(t *testing.T, want map[string]preflight.Status, got map[string]preflight.Check) {
	t.Helper()
	for name, status := range want {
		c, ok := got[name]
		if assert.True(t, ok, "no check %q", name) {
			assert.Equal(t, status, c.Status, "%s: %s", name, c.Detail)
		}
	}
	assert.Len(t, got, len(want))
}

// TestDoctorCommandInMoto runs the built orgbackup binary against moto
// (through the proxy) with the management account's credentials: it exits
// 1 listing what is missing, then 0 once everything is in place.
func TestDoctorCommandInMoto(t *testing.T) {
	moto := startMoto(t)
	resetMoto(t, moto)
	state := &notInMoto{}
	endpoint := proxy(t, moto, state)
	c := newClients(endpoint)
	o := newOrganization(t, c)

	dir := t.TempDir()
	binary := filepath.Join(dir, "orgbackup")
	build := exec.Command("go", "build", "-o", binary, "../../provider/cmd/orgbackup")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)
	file := filepath.Join(dir, "org.yaml")
	require.NoError(t, os.WriteFile(file, []byte(fmt.Sprintf(`centralAccountResourceNamePrefix: orgbackup-
memberAccountResourceNamePrefix: orgdeploy-
deployments:
  web:
    backupTargets: [%s]
    plans:
      daily:
        rules:
          - {scheduleExpression: 'cron(0 3 ? * * *)'}
`, o.workloads)), 0o600))

	doctor := func() (int, string, string) {
		cmd := exec.Command(binary, "doctor", "--config", file, "--backup-account-id", o.backupAccount, "--region", "eu-west-2")
		cmd.Env = []string{
			"PATH=" + os.Getenv("PATH"), "HOME=" + dir,
			"AWS_ENDPOINT_URL=" + endpoint, "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing",
			"AWS_CONFIG_FILE=" + filepath.Join(dir, "none"), "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(dir, "none"),
			"AWS_MAX_ATTEMPTS=1", "AWS_EC2_METADATA_DISABLED=true",
		}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if exit, ok := err.(*exec.ExitError); ok {
			code = exit.ExitCode()
		} else {
			require.NoError(t, err)
		}
		return code, stdout.String(), stderr.String()
	}

	code, stdout, stderr := doctor()
	assert.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "orgbackup doctor: backup account "+o.backupAccount+", caller "+motoAccount+"\n")
	assert.Contains(t, stdout, "missing  trusted access for backup.amazonaws.com (organizations:ListAWSServiceAccessForOrganization: not enabled)\n"+
		"         fix: run in the management account: aws organizations enable-aws-service-access --service-principal backup.amazonaws.com\n")
	assert.Contains(t, stdout, "missing  resource-based delegation policy (organizations:DescribeResourcePolicy: the organization has no resource policy)\n"+
		"         fix: apply policies-organizations/delegation.json (written by orgbackup render)")
	assert.Contains(t, stdout, "fix: deploy OrgPrerequisites (docs/prerequisites.md)")
	assert.Contains(t, stdout, "5 ok, 9 missing, 0 unknown\n")
	assert.NotContains(t, stdout, "service-linked role in", "no context block: the role is no prerequisite")

	fulfil(t, c, o, cfg(o).Names("web").VaultManagerGuard())
	state.set(true, delegation(cfg(o), o))
	code, stdout, stderr = doctor()
	assert.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "ok       resource-based delegation policy (organizations:DescribeResourcePolicy: OrgBackup's statements are present as rendered)\n")
	assert.Contains(t, stdout, "14 ok, 0 missing, 0 unknown\n")
	assert.Equal(t, 0, strings.Count(stdout, "fix:"))

	// Another team's statement: still ok, with the note.
	state.set(true, delegation(cfg(o), o, awsDocsListActions))
	code, stdout, stderr = doctor()
	assert.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "ok       statements of the delegation policy that are not OrgBackup's (organizations:DescribeResourcePolicy: "+
		"DelegatingNecessaryDescribeListActions: OrgPrerequisites would replace these statements: set manageDelegationPolicy false "+
		"and merge delegationPolicy into the policy yourself, or keep them out)\n")
}

func cfg(o organization) config.Config { return doctorConfig(o) }
