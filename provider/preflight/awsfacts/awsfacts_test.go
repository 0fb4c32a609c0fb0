package awsfacts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/preflight"
)

// Moto (tests/moto) serves neither DescribeGlobalSettings nor
// DescribeResourcePolicy, and neither API reference page has an Examples
// section: the answers below are built from each page's Response Syntax
// and Errors, and served over HTTP to the real SDK clients.

// describeGlobalSettings follows the Response Syntax of
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeGlobalSettings.html
// ({"GlobalSettings": {"string": "string"}, "LastUpdateTime": number}), with
// the flag names its Response Elements list and the LastUpdateTime its
// text gives as an example (1516925490.087).
const describeGlobalSettings = `{"GlobalSettings":{"isCrossAccountBackupEnabled":"%s","isMpaEnabled":"false","isDelegatedAdministratorEnabled":"true"},"LastUpdateTime":1516925490.087}`

// describeResourcePolicy follows the Response Syntax of
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeResourcePolicy.html
// ({"ResourcePolicy": {"Content": "string", "ResourcePolicySummary":
// {"Arn": "string", "Id": "string"}}}): Content is the policy text, a
// JSON document in a JSON string
// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ResourcePolicy.html),
// here the start of AWS's example "View organization, OUs, accounts, and
// policies"
// (https://docs.aws.amazon.com/organizations/latest/userguide/security_iam_resource-based-policy-examples.html),
// laid out as a person writes it; the Arn and Id follow
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ResourcePolicySummary.html.
const describeResourcePolicy = `{"ResourcePolicy":{"Content":` + policyContentJSON + `,"ResourcePolicySummary":{"Arn":"arn:aws:organizations::999999999999:resourcepolicy/o-abcd1234ef/rp-abcd1234","Id":"rp-abcd1234"}}}`

// policyContent is the Content above, and policyContentJSON the same as a
// JSON string.
const (
	policyContent = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"DelegatingNecessaryDescribeListActions\",\n" +
		"      \"Effect\": \"Allow\",\n      \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"},\n" +
		"      \"Action\": [\"organizations:DescribeOrganization\", \"organizations:ListRoots\"],\n      \"Resource\": \"*\"\n    }\n  ]\n}"
	policyContentJSON = `"{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"DelegatingNecessaryDescribeListActions\",\n` +
		`      \"Effect\": \"Allow\",\n      \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"},\n` +
		`      \"Action\": [\"organizations:DescribeOrganization\", \"organizations:ListRoots\"],\n      \"Resource\": \"*\"\n    }\n  ]\n}"`
)

// server answers one operation: status and body, with the error type in
// the body (__type, awsJson1_1, Organizations) and the x-amzn-ErrorType
// header (restJson1, AWS Backup), as each protocol reads errors.
func server(t *testing.T, wantTarget, wantPath string, status int, errorType, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if wantTarget != "" {
			assert.Equal(t, wantTarget, r.Header.Get("X-Amz-Target"))
		}
		if wantPath != "" {
			assert.Equal(t, wantPath, r.Method+" "+r.URL.Path)
		}
		if errorType != "" {
			w.Header().Set("X-Amzn-Errortype", errorType)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func awsConfig(endpoint string) aws.Config {
	return aws.Config{
		Region:       "eu-west-2",
		Credentials:  credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		BaseEndpoint: aws.String(endpoint),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}
}

func TestCrossAccountBackupFromDescribeGlobalSettings(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  bool
	}{{"true", true}, {"false", false}} {
		url := server(t, "", "GET /global-settings", http.StatusOK, "", fmt.Sprintf(describeGlobalSettings, tc.value))
		got := crossAccountBackup(context.Background(), backup.NewFromConfig(awsConfig(url)))
		assert.Equal(t, preflight.Observed(tc.want), got, tc.value)
	}
}

// TestDescribeGlobalSettingsErrors: InvalidRequestException is an error the
// page lists (HTTP 400); AccessDeniedException is common to every action
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/CommonErrors.html).
func TestDescribeGlobalSettingsErrors(t *testing.T) {
	url := server(t, "", "", http.StatusBadRequest, "InvalidRequestException",
		`{"Code":"InvalidRequestException","Message":"The account is not a member of an organization"}`)
	got := crossAccountBackup(context.Background(), backup.NewFromConfig(awsConfig(url)))
	require.False(t, got.Known)
	assert.Contains(t, got.Reason, "backup:DescribeGlobalSettings failed")
	assert.Contains(t, got.Reason, "The account is not a member of an organization")

	url = server(t, "", "", http.StatusForbidden, "AccessDeniedException", `{"Message":"User is not authorized"}`)
	got = crossAccountBackup(context.Background(), backup.NewFromConfig(awsConfig(url)))
	require.False(t, got.Known)
	assert.Equal(t, "access denied to backup:DescribeGlobalSettings: grant the caller backup:DescribeGlobalSettings, "+
		"or run `orgbackup doctor` with management account credentials", got.Reason)
}

// TestDelegationPolicyFromDescribeResourcePolicy: present (its content,
// as AWS holds it, byte for byte), absent (ResourcePolicyNotFoundException,
// an error the page lists: ""), denied.
func TestDelegationPolicyFromDescribeResourcePolicy(t *testing.T) {
	const target = "AWSOrganizationsV20161128.DescribeResourcePolicy"
	var decoded string
	require.NoError(t, json.Unmarshal([]byte(policyContentJSON), &decoded))
	require.Equal(t, policyContent, decoded, "the two forms of the content agree")

	url := server(t, target, "", http.StatusOK, "", describeResourcePolicy)
	got := delegationPolicy(context.Background(), organizations.NewFromConfig(awsConfig(url)))
	assert.Equal(t, preflight.Observed(policyContent), got)
	cmp, err := preflight.CompareDelegation(`{"Version":"2012-10-17","Statement":[]}`, got.Value, "111111111111")
	require.NoError(t, err, "the content read is a policy the checks parse")
	assert.Equal(t, []string{"DelegatingNecessaryDescribeListActions"}, cmp.Foreign)

	url = server(t, target, "", http.StatusBadRequest, "",
		`{"__type":"ResourcePolicyNotFoundException","Message":"We can't find a resource policy request with the parameter that you specified."}`)
	assert.Equal(t, preflight.Observed(""), delegationPolicy(context.Background(), organizations.NewFromConfig(awsConfig(url))))

	url = server(t, target, "", http.StatusBadRequest, "",
		`{"__type":"AccessDeniedException","Message":"You don't have permissions to perform the requested operation."}`)
	got = delegationPolicy(context.Background(), organizations.NewFromConfig(awsConfig(url)))
	require.False(t, got.Known)
	assert.Contains(t, got.Reason, "access denied to organizations:DescribeResourcePolicy")
}

// failing is a client no call may reach.
type failing struct{ t *testing.T }

func (f failing) DescribeGlobalSettings(context.Context, *backup.DescribeGlobalSettingsInput, ...func(*backup.Options)) (*backup.DescribeGlobalSettingsOutput, error) {
	f.t.Error("DescribeGlobalSettings called")
	return nil, errors.New("unexpected call")
}

func (f failing) ListRoles(context.Context, *iam.ListRolesInput, ...func(*iam.Options)) (*iam.ListRolesOutput, error) {
	f.t.Error("ListRoles called")
	return nil, errors.New("unexpected call")
}

// TestWhoReadsWhat: the management account's global settings only with
// its credentials, the backup account's IAM only with its own; no call is
// made otherwise.
func TestWhoReadsWhat(t *testing.T) {
	ctx := context.Background()
	management := preflight.Observed("999999999999")
	fromManagement := Accounts{Caller: "999999999999", Backup: "111111111111"}
	fromBackup := Accounts{Caller: "111111111111", Backup: "111111111111"}

	url := server(t, "", "GET /global-settings", http.StatusOK, "", fmt.Sprintf(describeGlobalSettings, "true"))
	assert.Equal(t, preflight.Observed(true), globalSettingsFact(ctx, backup.NewFromConfig(awsConfig(url)), management, fromManagement))
	got := globalSettingsFact(ctx, failing{t}, management, fromBackup)
	assert.Equal(t, preflight.NotObserved[bool]("the setting is the management account's (999999999999): "+
		"run `orgbackup doctor` with management account credentials to read it"), got)
	got = globalSettingsFact(ctx, failing{t}, preflight.NotObserved[string]("access denied"), fromManagement)
	assert.Equal(t, preflight.NotObserved[bool]("the management account is unknown (access denied)"), got)

	got = serviceLinkedRoleFact(ctx, failing{t}, fromManagement)
	assert.Equal(t, preflight.NotObserved[bool]("IAM answers for the calling account only: "+
		"run `orgbackup doctor` with the backup account's (111111111111) credentials to read it"), got)
}

// listPoliciesForTarget follows the Response Syntax of
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPoliciesForTarget.html
// ({"NextToken": "string", "Policies": [{"Arn", "AwsManaged", "Description",
// "Id", "Name", "Type"}]}), with ARNs and ids of PolicySummary's patterns
// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_PolicySummary.html):
// AWS's FullAWSAccess, and a customer SCP named guard unless guard is "".
func listPoliciesForTarget(guard string) string {
	policies := []string{`{"Arn":"arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess","AwsManaged":true,` +
		`"Description":"Allows access to every operation","Id":"p-FullAWSAccess","Name":"FullAWSAccess","Type":"SERVICE_CONTROL_POLICY"}`}
	if guard != "" {
		policies = append(policies, fmt.Sprintf(`{"Arn":"arn:aws:organizations::999999999999:policy/o-abcd1234ef/service_control_policy/p-examplepol1",`+
			`"AwsManaged":false,"Description":"%s","Id":"p-examplepol1","Name":"%s","Type":"SERVICE_CONTROL_POLICY"}`, guard, guard))
	}
	return `{"Policies":[` + strings.Join(policies, ",") + `]}`
}

// TestGuardChecksFromTheBackupAccount: run with the backup account's
// credentials, where the delegation policy lets it call
// organizations:ListPoliciesForTarget for SERVICE_CONTROL_POLICY and
// nothing else here, the guard checks read the attached SCPs with that
// call alone (Filter SERVICE_CONTROL_POLICY) and are ok or missing, not
// unknown.
func TestGuardChecksFromTheBackupAccount(t *testing.T) {
	const webOU, dataOU = "ou-ab12-webwebwe", "ou-ab12-datadata"
	cfg := config.Config{
		CentralAccountResourceNamePrefix: "orgbackup-",
		MemberAccountResourceNamePrefix:  "orgdeploy-",
		Deployments: map[string]config.Deployment{
			"web":  {BackupTargets: []string{webOU}, Plans: map[string]config.Plan{"daily": {Rules: []config.Rule{{ScheduleExpression: "cron(0 3 ? * * *)"}}}}},
			"data": {BackupTargets: []string{dataOU}, Plans: map[string]config.Plan{"daily": {Rules: []config.Rule{{ScheduleExpression: "cron(0 3 ? * * *)"}}}}},
		},
	}
	cctx := config.Context{Partition: "aws", AccountID: "111111111111", Region: "eu-west-2"}
	guardWeb := cfg.Names("web").VaultManagerGuard()

	var mu sync.Mutex
	var listed []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		if r.Header.Get("X-Amz-Target") != "AWSOrganizationsV20161128.ListPoliciesForTarget" {
			// Everything else is denied to the backup account here.
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"__type":"AccessDeniedException","Message":"You don't have permissions to perform the requested operation."}`)
			return
		}
		var in struct{ Filter, TargetId string }
		assert.NoError(t, json.Unmarshal(body, &in))
		assert.Equal(t, "SERVICE_CONTROL_POLICY", in.Filter)
		mu.Lock()
		listed = append(listed, in.TargetId)
		mu.Unlock()
		guard := ""
		if in.TargetId == webOU {
			guard = guardWeb
		}
		_, _ = io.WriteString(w, listPoliciesForTarget(guard))
	}))
	t.Cleanup(srv.Close)
	awsCfg := awsConfig(srv.URL)

	facts := Gather(context.Background(), Clients{
		Organizations: organizations.NewFromConfig(awsCfg), Backup: failing{t}, IAM: iam.NewFromConfig(awsCfg),
	}, cfg, cctx, Accounts{Caller: "111111111111", Backup: "111111111111"})
	slices.Sort(listed)
	assert.Equal(t, []string{dataOU, webOU}, listed)

	status := map[string]preflight.Check{}
	for _, c := range preflight.Checks(cfg, cctx, facts) {
		status[c.Name] = c
	}
	web := status["guard SCP "+guardWeb+" attached to "+webOU]
	assert.Equal(t, preflight.OK, web.Status, web.Detail)
	data := status["guard SCP "+cfg.Names("data").VaultManagerGuard()+" attached to "+dataOU]
	assert.Equal(t, preflight.Missing, data.Status, data.Detail)
	for _, target := range []string{webOU, dataOU} {
		quota := status["room for 1 guard SCP(s) on "+target+" (at most 5 SCPs, FullAWSAccess included)"]
		assert.Equal(t, preflight.OK, quota.Status, quota.Detail)
	}
	// What the backup account may not read stays unknown.
	assert.Equal(t, preflight.Unknown, status["organization with all features"].Status)
}
