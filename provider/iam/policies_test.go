package iam

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// arnLikeMatch is IAM's ArnLike on resources: * and ? match within and
// across ARN segments
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards).
func arnLikeMatch(pattern, arn string) bool {
	re := "^" + strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(regexp.QuoteMeta(pattern)) + "$"
	return regexp.MustCompile(re).MatchString(arn)
}

var scope = Scope{Partition: "aws", AccountID: "111111111111", Names: naming.For("backup-", "org-", "web"),
	OrgPaths: []string{"o-abcd1234ef/*/ou-abcd-11111111/*"}, Regions: []string{"eu-west-2"}}

// Every documented recovery point format of
// https://docs.aws.amazon.com/aws-backup/latest/devguide/access-control.html#access-control-resources
// is matched by RecoveryPoints, in the account and in no other (but the EC2
// formats, whose ARNs hold no account).
func TestRecoveryPointsCoverEveryDocumentedFormat(t *testing.T) {
	patterns := RecoveryPoints("aws", "111111111111")
	for _, f := range RecoveryPointFormats {
		arn := f.ARN("aws", "eu-west-2", "111111111111")
		matched := false
		for _, p := range patterns {
			matched = matched || arnLikeMatch(p, arn)
		}
		assert.True(t, matched, "%v: %s is not covered", f.ResourceTypes, arn)
		if f.AccountScoped {
			other := f.ARN("aws", "eu-west-2", "999999999999")
			for _, p := range patterns {
				assert.False(t, arnLikeMatch(p, other), "%s reaches another account's %s", p, other)
			}
		}
	}
	for _, want := range []string{"EBS", "EC2", "RDS", "Aurora", "DynamoDB", "FSx", "Redshift", "Storage Gateway", "EFS", "S3"} {
		found := false
		for _, f := range RecoveryPointFormats {
			for _, typ := range f.ResourceTypes {
				found = found || typ == want
			}
		}
		assert.True(t, found, "no recovery point format for %s", want)
	}
}

func TestRecoveryPointsFollowThePartition(t *testing.T) {
	for _, p := range RecoveryPoints("aws-us-gov", "111111111111") {
		assert.True(t, strings.HasPrefix(p, "arn:aws-us-gov:"), p)
	}
}

// No rendered permission on a recovery point action excludes a documented
// format: the state machines and the ingest states role.
func TestRecoveryPointPermissionsCoverEveryFormat(t *testing.T) {
	actions := map[string]bool{"backup:StartCopyJob": true, updateLifecycle: true}
	docs := map[string]Document{
		"ingest":  scope.StateMachine("7-90", scope.Names.MemberCentralAccess(), scope.Names.IngestStatesRole()),
		"restore": scope.StateMachine("7-90", scope.Names.MemberRestoreAccess()),
		"states":  scope.IngestStates(),
	}
	for name, doc := range docs {
		checked := 0
		for _, s := range doc.Statement {
			for _, a := range s.Action {
				if !actions[a] {
					continue
				}
				checked++
				for _, f := range RecoveryPointFormats {
					arn := f.ARN("aws", "eu-west-2", "111111111111")
					matched := false
					for _, r := range s.Resource {
						matched = matched || arnLikeMatch(r, arn)
					}
					assert.True(t, matched, "%s %s %s excludes %s", name, s.Sid, a, arn)
				}
			}
		}
		require.NotZero(t, checked, name)
	}
}

// Trusts name accounts, never roles: IAM stores a role principal as the
// role's unique id, which a recreated role does not have
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles).
func TestAccountRoleTrustNamesTheAccount(t *testing.T) {
	doc := AccountRoleTrust("aws", "111111111111", "o-abcd1234ef", "arn:aws:iam::111111111111:role/b", "arn:aws:iam::111111111111:role/a")
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},`+
		`"Action":"sts:AssumeRole","Condition":{"ArnEquals":{"aws:PrincipalArn":["arn:aws:iam::111111111111:role/a","arn:aws:iam::111111111111:role/b"]},`+
		`"StringEquals":{"aws:PrincipalOrgID":"o-abcd1234ef"}}}]}`, doc.JSON())
}

// https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html
func TestStateMachineTrustCarriesSourceArn(t *testing.T) {
	doc := StateMachineTrust("111111111111", "arn:aws:states:eu-west-2:111111111111:stateMachine:m")
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},`+
		`"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:states:eu-west-2:111111111111:stateMachine:m"},`+
		`"StringEquals":{"aws:SourceAccount":"111111111111"}}}]}`, doc.JSON())
}

// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-cloudwatchlogs-permissions
func TestEventBusLogsFollowTheEventBridgeGuide(t *testing.T) {
	s := EventBusLogs("aws", "eu-west-2", "111111111111", "backup-").Statement[0]
	assert.Equal(t, Strings{"delivery.logs.amazonaws.com", "events.amazonaws.com"}, s.Principal.Service)
	assert.Equal(t, Strings{"logs:CreateLogStream", "logs:PutLogEvents"}, s.Action)
	assert.Equal(t, Strings{"arn:aws:logs:eu-west-2:111111111111:log-group:/aws/events/backup-*:*"}, s.Resource)
	assert.True(t, arnLikeMatch(s.Resource[0],
		"arn:aws:logs:eu-west-2:111111111111:log-group:/aws/events/backup-web:log-stream:abc"), "the log streams of the bus log groups")
	assert.False(t, arnLikeMatch(s.Resource[0], "arn:aws:logs:eu-west-2:111111111111:log-group:/aws/events/other:log-stream:abc"))
}

func TestLockedCopiesAreProtectedFromEveryAutomationRole(t *testing.T) {
	s := scope.LockedVault().Statement[0]
	assert.Equal(t, Deny, s.Effect)
	assert.Equal(t, RecoveryPointRemovals, s.Action)
	assert.Contains(t, s.Condition["ArnLike"]["aws:PrincipalArn"], "arn:aws:iam::111111111111:role/backup-web-backup-service-role")
	assert.Equal(t, s, scope.AirGappedVault("arn").Statement[1])
}

// The log groups' policy is the one the EventBridge user guide documents for
// CloudWatch Logs targets, its resource narrowed to the component's log
// groups, with no condition AWS does not document
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-cloudwatchlogs-permissions).
func TestEventBusLogsIsTheDocumentedPolicy(t *testing.T) {
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Sid":"TrustEventsToStoreLogEvent","Effect":"Allow",
		"Principal":{"Service":["delivery.logs.amazonaws.com","events.amazonaws.com"]},
		"Action":["logs:CreateLogStream","logs:PutLogEvents"],
		"Resource":"arn:aws:logs:eu-west-2:111111111111:log-group:/aws/events/backup-*:*"}]}`,
		EventBusLogs("aws", "eu-west-2", "111111111111", "backup-").JSON())
}

// The deployment key names the roles that use it (issue 22): every member
// statement has an aws:PrincipalArn condition, no statement but the
// central account's grants a read action beyond kms:DescribeKey (ListGrants
// and GetKeyPolicy take their permission from the key policy:
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ListGrants.html,
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html),
// only with a StackSet does the vault manager role of each region use it,
// in any member account, and another role on the vault manager's path
// never does: the key does not rely on the guard SCP keeping that path.
func TestKeyPolicyNamesTheRolesThatUseTheKey(t *testing.T) {
	s := scope
	s.AdminRoleNames = []string{"BackupAdmin"}
	s.Regions = []string{"eu-west-2", "us-east-1"}
	var managers []string
	for _, account := range []string{"222222222222", "333333333333"} {
		for _, region := range s.Regions {
			managers = append(managers, naming.RoleARN("aws", account, s.Names.MemberVaultManagerRolePath(region)))
		}
	}
	impostors := []string{
		naming.RoleARN("aws", "222222222222", s.Names.MemberVaultManagerPath()+"Impostor"),
		// the vault manager's name for a region the deployment does not have
		naming.RoleARN("aws", "222222222222", s.Names.MemberVaultManagerRolePath("eu-west-1")),
		// its name off the path, which the guard SCP does not keep
		naming.RoleARN("aws", "222222222222", s.Names.MemberVaultManagerRole("eu-west-2")),
	}
	admin := naming.RoleARN("aws", "222222222222", "BackupAdmin")
	for _, stackSet := range []bool{false, true} {
		doc := s.KeyPolicy(stackSet)
		matched := map[string]bool{}
		for _, st := range doc.Statement {
			if st.Sid == "DelegateToIamForOwnerAccount" {
				assert.Equal(t, Strings{AccountRoot("aws", "111111111111")}, st.Principal.AWS)
				continue
			}
			roles := st.Condition[ArnLike][PrincipalARN]
			require.NotEmpty(t, roles, "%s grants every principal of the member accounts", st.Sid)
			for _, action := range st.Action {
				assert.NotRegexp(t, `^kms:(Get|List)`, action, st.Sid)
				assert.NotContains(t, action, "*Grants", st.Sid)
			}
			for _, r := range roles {
				for _, arn := range append(append([]string{admin}, managers...), impostors...) {
					matched[arn] = matched[arn] || arnLikeMatch(r, arn)
				}
			}
		}
		for _, m := range managers {
			assert.Equal(t, stackSet, matched[m], "stackSet %v: the vault manager role %s uses the key", stackSet, m)
		}
		for _, impostor := range impostors {
			assert.False(t, matched[impostor], "stackSet %v: %s uses the key", stackSet, impostor)
		}
		assert.True(t, matched[admin], "the admin roles create the vaults with the key")
	}
}
