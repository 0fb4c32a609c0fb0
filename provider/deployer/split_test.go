package deployer

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
)

// grants are the (action, resource, condition) triples a document allows.
func grants(docs ...iam.Document) map[string]bool {
	out := map[string]bool{}
	for _, d := range docs {
		for _, s := range d.Statement {
			condition := iam.New(iam.Statement{Condition: s.Condition}).JSON()
			for _, a := range s.Action {
				for _, r := range s.Resource {
					out[a+" "+r+" "+condition] = true
				}
			}
		}
	}
	return out
}

func TestManagedPoliciesOfEveryPlanFitAndAllowWhatTheDocumentAllows(t *testing.T) {
	for _, p := range plans(t) {
		doc := Central(p.cfg, p.ctx, p.plan.Resources)
		policies, err := ManagedPolicies(doc)
		require.NoError(t, err, p.name)
		total := 0
		for _, policy := range policies {
			n := len(policy.JSON())
			assert.LessOrEqual(t, n, MaxManagedPolicyCharacters, p.name)
			total += n
		}
		assert.Equal(t, grants(doc), grants(policies...), p.name)
		// As few as the size allows: one more than the characters need
		// would mean a policy left room for another's statements.
		assert.LessOrEqual(t, len(policies), (len(doc.JSON())+MaxManagedPolicyCharacters-1)/MaxManagedPolicyCharacters+1, p.name)
		again, err := ManagedPolicies(doc)
		require.NoError(t, err)
		assert.Equal(t, policies, again, "%s: deterministic", p.name)
	}
}

func TestManagedPoliciesSplitAStatementTooLargeByItsResourcesOrActions(t *testing.T) {
	var resources, actions []string
	for i := range 300 {
		resources = append(resources, fmt.Sprintf("arn:aws:backup:eu-west-2:111111111111:backup-vault:vault-%03d", i))
		actions = append(actions, fmt.Sprintf("backup:Action%03dWithALongName", i))
	}
	byResource := iam.New(iam.Statement{Effect: iam.Allow, Action: iam.Strings{"backup:DescribeBackupVault"}, Resource: resources})
	policies, err := ManagedPolicies(byResource)
	require.NoError(t, err)
	assert.Greater(t, len(policies), 1)
	for _, p := range policies {
		assert.LessOrEqual(t, len(p.JSON()), MaxManagedPolicyCharacters)
	}
	assert.Equal(t, grants(byResource), grants(policies...))

	byAction := iam.New(iam.Statement{Effect: iam.Allow, Action: actions, Resource: iam.Strings{"*"}})
	policies, err = ManagedPolicies(byAction)
	require.NoError(t, err)
	assert.Greater(t, len(policies), 1)
	assert.Equal(t, grants(byAction), grants(policies...))
}

// A role takes at most 10 managed policies by default
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
func TestManagedPoliciesRefuseMoreThanARoleTakes(t *testing.T) {
	var resources []string
	for i := range 3000 {
		resources = append(resources, fmt.Sprintf("arn:aws:backup:eu-west-2:111111111111:backup-vault:vault-%04d", i))
	}
	_, err := ManagedPolicies(iam.New(iam.Statement{Effect: iam.Allow, Action: iam.Strings{"backup:DescribeBackupVault"},
		Resource: resources}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "a role takes at most 10")
	assert.Contains(t, err.Error(), "reference_iam-quotas.html")
}
