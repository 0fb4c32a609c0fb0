//go:build moto

// Package moto creates in moto, an independent AWS emulator, the IAM roles
// and KMS keys that OrgBackup plans, central and member, for each example
// configuration, in a moto organization whose OUs are the backup targets,
// and reads them back. It proves that moto's IAM policy grammar accepts
// every generated trust and inline policy, that every AWS managed policy
// the roles attach exists, and that roles, policies, key policies, key
// rotation, replicas and aliases come back as generated. moto checks no
// key policy grammar: key policies are only compared. The organization
// backup policies are created, attached to the OUs and read back; moto
// 5.2.1 stores them only with the addition of moto_server.py.
package moto

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/member"
)

// memberAccount is the account the member resources are planned for. moto
// has one account: member roles go there beside the central ones, whose
// names differ, and the central plan already created the service-linked role.
var memberAccount = member.Account{ID: "210987654321", Region: "eu-west-2", BackupServiceLinkedRoleExists: true}

func TestExamplesInMoto(t *testing.T) {
	endpoint := startMoto(t)
	paths, err := filepath.Glob("../../examples/config/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, paths, "no example configurations")
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			resetMoto(t, endpoint)
			c := newClients(endpoint)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			file, err := config.Load(data)
			require.NoError(t, err)

			plan := inOrganization(t, c, file)
			cfg := plan.Config
			assertPlans(t, plan.Resources, roleType, rolePolicyType, roleAttachmentType, serviceLinkedRoleType,
				keyType, aliasType, backupPolicyType)

			assertPlans(t, plan.Resources, attachmentType)
			created := create(t, c, plan.Resources, cfg)
			verify(t, c, plan.Resources, created, cfg)
			for _, key := range cfg.DeploymentKeys() {
				summary := plan.Deployments[key]
				in := summary.Member
				in.KMSKeyID = created[summary.PrimaryKey]["keyId"]
				memberResources := member.Resources(in, memberAccount)
				assertPlans(t, memberResources, roleType, rolePolicyType, roleAttachmentType)
				verify(t, c, memberResources, create(t, c, memberResources, cfg), cfg)
			}
		})
	}
}

// inOrganization creates an organization in moto with one OU per backup
// target of file, and returns what file builds in that organization.
func inOrganization(t *testing.T, c *clients, file config.File) central.Result {
	t.Helper()
	org, err := c.orgs.CreateOrganization(t.Context(),
		&organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll})
	require.NoError(t, err)
	roots, err := c.orgs.ListRoots(t.Context(), &organizations.ListRootsInput{})
	require.NoError(t, err)
	require.Len(t, roots.Roots, 1)
	root := aws.ToString(roots.Roots[0].Id)
	// AWS requires this before any backup policy is created.
	_, err = c.orgs.EnablePolicyType(t.Context(), &organizations.EnablePolicyTypeInput{
		RootId: aws.String(root), PolicyType: orgtypes.PolicyTypeBackupPolicy})
	require.NoError(t, err)

	ouIDs := map[string]string{} // example OU id -> moto OU id
	deployments := map[string]config.Deployment{}
	for _, key := range file.DeploymentKeys() {
		d := file.Deployments[key]
		targets := make([]string, len(d.BackupTargets))
		for i, example := range d.BackupTargets {
			if ouIDs[example] == "" {
				ou, err := c.orgs.CreateOrganizationalUnit(t.Context(), &organizations.CreateOrganizationalUnitInput{
					ParentId: aws.String(root), Name: aws.String(example)})
				require.NoError(t, err)
				ouIDs[example] = aws.ToString(ou.OrganizationalUnit.Id)
			}
			targets[i] = ouIDs[example]
		}
		d.BackupTargets = targets
		deployments[key] = d
	}
	file.Deployments = deployments

	// moto's only account manages the organization and is the central one.
	account := aws.ToString(org.Organization.MasterAccountId)
	// Existing alert topics are the central account's (config checks it).
	for key, d := range file.Deployments {
		if d.Alerts != nil {
			d.Alerts = inAccount(d.Alerts, file.Context.AccountID, account)
			file.Deployments[key] = d
		}
	}
	if file.Alerts != nil {
		file.Alerts = inAccount(file.Alerts, file.Context.AccountID, account)
	}
	cfgCtx := config.Context{Partition: "aws", AccountID: account, OrganizationID: aws.ToString(org.Organization.Id),
		ManagementAccountID: account, Region: "eu-west-2"}
	built, err := central.Build(file.Config, cfgCtx)
	require.NoError(t, err)
	return built
}

// inAccount returns a with its existing topics' account from replaced by to.
func inAccount(a *config.Alerts, from, to string) *config.Alerts {
	out := *a
	out.TopicArns = map[string]string{}
	for region, arn := range a.TopicArns {
		out.TopicArns[region] = strings.Replace(arn, ":"+from+":", ":"+to+":", 1)
	}
	return &out
}

// outputs are what moto returned for each created resource: by logical
// name, then by output name ("name", "arn", "keyId").
type outputs map[string]map[string]string

// input returns the string input key of r, resolving a reference to a
// resource created before it.
func (o outputs) input(t *testing.T, r desired.Resource, key string) string {
	t.Helper()
	switch v := r.Inputs[key].(type) {
	case string:
		return v
	case desired.Ref:
		out, ok := o[v.Resource][v.Output]
		require.True(t, ok, "%s: %s refers to %s.%s, which was not created before it", r.Name, key, v.Resource, v.Output)
		return out
	default:
		require.Failf(t, "unexpected input", "%s: %s is %T", r.Name, key, v)
		return ""
	}
}

// Types this suite creates and reads back; it ignores all others (vaults,
// buses, state machines, StackSets...), which are outside its scope.
const (
	roleType              = desired.IAMRole
	rolePolicyType        = desired.IAMRolePolicy
	roleAttachmentType    = desired.IAMRolePolicyAttachment
	serviceLinkedRoleType = desired.IAMServiceLinkedRole
	keyType               = desired.KMSKey
	replicaKeyType        = desired.KMSReplicaKey
	aliasType             = desired.KMSAlias
	backupPolicyType      = desired.OrganizationsPolicy
	attachmentType        = desired.OrganizationsAttachment
)

// assertPlans checks that resources hold each of types, so that a renamed
// type cannot leave this suite checking nothing.
func assertPlans(t *testing.T, resources []desired.Resource, types ...string) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range resources {
		seen[r.Type] = true
	}
	for _, typ := range types {
		assert.True(t, seen[typ], "nothing of type %s is planned", typ)
	}
}

// target is the moto OU id a planned attachment names.
func target(r desired.Resource, cfg config.Config) string {
	id := r.Inputs["targetId"].(desired.TargetID)
	return cfg.Deployments[id.Deployment].BackupTargets[id.Index]
}

// create creates in moto, in plan order, the resources of the types above.
func create(t *testing.T, c *clients, resources []desired.Resource, cfg config.Config) outputs {
	t.Helper()
	ctx := t.Context()
	out := outputs{}
	for _, r := range resources {
		switch r.Type {
		case roleType:
			name, trust := out.input(t, r, "name"), out.input(t, r, "assumeRolePolicy")
			role, err := c.iam.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(name),
				AssumeRolePolicyDocument: aws.String(trust), Description: aws.String(out.input(t, r, "description"))})
			require.NoError(t, err, "%s: CreateRole", r.Name)
			// moto checks the grammar of trust policies on update only.
			_, err = c.iam.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{
				RoleName: aws.String(name), PolicyDocument: aws.String(trust)})
			require.NoError(t, err, "%s: moto rejects the trust policy %s", r.Name, trust)
			out[r.Name] = map[string]string{"name": name, "arn": aws.ToString(role.Role.Arn)}
		case rolePolicyType:
			document := out.input(t, r, "policy")
			_, err := c.iam.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(out.input(t, r, "role")),
				PolicyName: aws.String(out.input(t, r, "name")), PolicyDocument: aws.String(document)})
			require.NoError(t, err, "%s: moto rejects the inline policy %s", r.Name, document)
		case roleAttachmentType:
			_, err := c.iam.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{
				RoleName: aws.String(out.input(t, r, "role")), PolicyArn: aws.String(out.input(t, r, "policyArn"))})
			require.NoError(t, err, "%s: AttachRolePolicy", r.Name)
		case serviceLinkedRoleType:
			role, err := c.iam.CreateServiceLinkedRole(ctx, &iam.CreateServiceLinkedRoleInput{
				AWSServiceName: aws.String(out.input(t, r, "awsServiceName")),
				Description:    aws.String(out.input(t, r, "description"))})
			require.NoError(t, err, "%s: CreateServiceLinkedRole", r.Name)
			// moto names it AWSServiceRoleForbackup, AWS AWSServiceRoleForBackup.
			out[r.Name] = map[string]string{"name": aws.ToString(role.Role.RoleName)}
		case keyType:
			key, err := c.kmsIn(r.Region).CreateKey(ctx, &kms.CreateKeyInput{
				Policy: aws.String(out.input(t, r, "policy")), Description: aws.String(out.input(t, r, "description")),
				MultiRegion: aws.Bool(r.Inputs["multiRegion"] == true)})
			require.NoError(t, err, "%s: CreateKey", r.Name)
			if r.Inputs["enableKeyRotation"] == true {
				_, err = c.kmsIn(r.Region).EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: key.KeyMetadata.KeyId})
				require.NoError(t, err, "%s: EnableKeyRotation", r.Name)
			}
			out[r.Name] = map[string]string{"keyId": aws.ToString(key.KeyMetadata.KeyId), "arn": aws.ToString(key.KeyMetadata.Arn)}
		case replicaKeyType:
			// Replicas are made from the primary key's region. moto 5.2.1
			// takes no ARN as KeyId here (KeyError), unlike AWS: pass the id.
			primary := out.input(t, r, "primaryKeyArn")
			replica, err := c.kmsIn(arnRegion(primary)).ReplicateKey(ctx, &kms.ReplicateKeyInput{
				KeyId: aws.String(primary[strings.LastIndex(primary, "/")+1:]), ReplicaRegion: aws.String(r.Region),
				Policy: aws.String(out.input(t, r, "policy")), Description: aws.String(out.input(t, r, "description"))})
			require.NoError(t, err, "%s: ReplicateKey", r.Name)
			out[r.Name] = map[string]string{"keyId": aws.ToString(replica.ReplicaKeyMetadata.KeyId),
				"arn": aws.ToString(replica.ReplicaKeyMetadata.Arn)}
		case aliasType:
			if aliasesReplica(r, resources) {
				continue
			}
			_, err := c.kmsIn(r.Region).CreateAlias(ctx, &kms.CreateAliasInput{
				AliasName: aws.String(out.input(t, r, "name")), TargetKeyId: aws.String(out.input(t, r, "targetKeyId"))})
			require.NoError(t, err, "%s: CreateAlias", r.Name)
		case backupPolicyType:
			created, err := c.orgs.CreatePolicy(ctx, &organizations.CreatePolicyInput{
				Name: aws.String(out.input(t, r, "name")), Type: orgtypes.PolicyType(out.input(t, r, "type")),
				Description: aws.String(out.input(t, r, "description")), Content: aws.String(out.input(t, r, "content"))})
			require.NoError(t, err, "%s: CreatePolicy", r.Name)
			out[r.Name] = map[string]string{"id": aws.ToString(created.Policy.PolicySummary.Id)}
		case attachmentType:
			_, err := c.orgs.AttachPolicy(ctx, &organizations.AttachPolicyInput{
				PolicyId: aws.String(out.input(t, r, "policyId")), TargetId: aws.String(target(r, cfg))})
			require.NoError(t, err, "%s: AttachPolicy", r.Name)
		}
	}
	return out
}

// aliasesReplica reports whether alias r names a replica key. moto 5.2.1
// makes a replica as a shallow copy of its primary, aliases included, so
// CreateAlias in the replica's region answers AlreadyExistsException: this
// suite neither creates nor checks such aliases.
func aliasesReplica(r desired.Resource, resources []desired.Resource) bool {
	target := r.Inputs["targetKeyId"].(desired.Ref).Resource
	for _, other := range resources {
		if other.Name == target {
			return other.Type == replicaKeyType
		}
	}
	return false
}

// verify reads back from moto what create made of resources and compares
// it with the plan.
func verify(t *testing.T, c *clients, resources []desired.Resource, created outputs, cfg config.Config) {
	t.Helper()
	ctx := t.Context()
	attached := map[string][]string{} // role name -> managed policy ARNs
	targets := map[string][]string{}  // backup policy id -> OU ids
	for _, r := range resources {
		switch r.Type {
		case roleAttachmentType:
			role := created.input(t, r, "role")
			attached[role] = append(attached[role], created.input(t, r, "policyArn"))
		case attachmentType:
			id := created.input(t, r, "policyId")
			targets[id] = append(targets[id], target(r, cfg))
		}
	}
	for _, r := range resources {
		switch r.Type {
		case roleType:
			name := created.input(t, r, "name")
			role, err := c.iam.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
			require.NoError(t, err, "%s: GetRole", r.Name)
			assert.JSONEq(t, created.input(t, r, "assumeRolePolicy"), unescape(t, role.Role.AssumeRolePolicyDocument),
				"%s: trust policy", r.Name)
			assert.Equal(t, created.input(t, r, "description"), aws.ToString(role.Role.Description), "%s: description", r.Name)
			policies, err := c.iam.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(name)})
			require.NoError(t, err, "%s: ListAttachedRolePolicies", r.Name)
			var arns []string
			for _, p := range policies.AttachedPolicies {
				arns = append(arns, aws.ToString(p.PolicyArn))
			}
			assert.ElementsMatch(t, attached[name], arns, "%s: managed policies", r.Name)
		case rolePolicyType:
			got, err := c.iam.GetRolePolicy(ctx, &iam.GetRolePolicyInput{
				RoleName: aws.String(created.input(t, r, "role")), PolicyName: aws.String(created.input(t, r, "name"))})
			require.NoError(t, err, "%s: GetRolePolicy", r.Name)
			assert.JSONEq(t, created.input(t, r, "policy"), unescape(t, got.PolicyDocument), "%s: inline policy", r.Name)
		case serviceLinkedRoleType:
			role, err := c.iam.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(created[r.Name]["name"])})
			require.NoError(t, err, "%s: GetRole", r.Name)
			assert.Equal(t, "/aws-service-role/"+created.input(t, r, "awsServiceName")+"/", aws.ToString(role.Role.Path),
				"%s: path", r.Name)
			assert.Equal(t, created.input(t, r, "description"), aws.ToString(role.Role.Description), "%s: description", r.Name)
		case keyType:
			kmsClient, keyID := c.kmsIn(r.Region), aws.String(created[r.Name]["keyId"])
			keyPolicy, err := kmsClient.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: keyID, PolicyName: aws.String("default")})
			require.NoError(t, err, "%s: GetKeyPolicy", r.Name)
			assert.JSONEq(t, created.input(t, r, "policy"), aws.ToString(keyPolicy.Policy), "%s: key policy", r.Name)
			key, err := kmsClient.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: keyID})
			require.NoError(t, err, "%s: DescribeKey", r.Name)
			assert.Equal(t, r.Inputs["multiRegion"] == true, aws.ToBool(key.KeyMetadata.MultiRegion), "%s: multi-region", r.Name)
			assert.Equal(t, created.input(t, r, "description"), aws.ToString(key.KeyMetadata.Description), "%s: description", r.Name)
			rotation, err := kmsClient.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: keyID})
			require.NoError(t, err, "%s: GetKeyRotationStatus", r.Name)
			assert.Equal(t, r.Inputs["enableKeyRotation"] == true, rotation.KeyRotationEnabled, "%s: rotation", r.Name)
		case replicaKeyType:
			// moto 5.2.1 copies the primary key, ignoring ReplicateKey's
			// policy and description: only the replication itself is checked.
			primaryARN := created.input(t, r, "primaryKeyArn")
			primary, err := c.kmsIn(arnRegion(primaryARN)).DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(primaryARN)})
			require.NoError(t, err, "%s: DescribeKey of the primary key", r.Name)
			var regions []string
			for _, replica := range primary.KeyMetadata.MultiRegionConfiguration.ReplicaKeys {
				regions = append(regions, aws.ToString(replica.Region))
			}
			assert.Contains(t, regions, r.Region, "%s: replica regions of the primary key", r.Name)
			replica, err := c.kmsIn(r.Region).DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(created[r.Name]["keyId"])})
			require.NoError(t, err, "%s: DescribeKey in %s", r.Name, r.Region)
			assert.Equal(t, primary.KeyMetadata.KeyId, replica.KeyMetadata.KeyId, "%s: a replica shares its primary's id", r.Name)
		case backupPolicyType:
			id := aws.String(created[r.Name]["id"])
			described, err := c.orgs.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: id})
			require.NoError(t, err, "%s: DescribePolicy", r.Name)
			assert.Equal(t, created.input(t, r, "content"), aws.ToString(described.Policy.Content), "%s: content", r.Name)
			assert.Equal(t, created.input(t, r, "name"), aws.ToString(described.Policy.PolicySummary.Name), "%s: name", r.Name)
			assert.Equal(t, orgtypes.PolicyType(created.input(t, r, "type")), described.Policy.PolicySummary.Type, "%s: type", r.Name)
			assert.Contains(t, []orgtypes.PolicyType{orgtypes.PolicyTypeBackupPolicy, orgtypes.PolicyTypeServiceControlPolicy},
				described.Policy.PolicySummary.Type, "%s: a backup policy or the vault manager's guard", r.Name)
			attachedTo, err := c.orgs.ListTargetsForPolicy(ctx, &organizations.ListTargetsForPolicyInput{PolicyId: id})
			require.NoError(t, err, "%s: ListTargetsForPolicy", r.Name)
			var ids []string
			for _, target := range attachedTo.Targets {
				ids = append(ids, aws.ToString(target.TargetId))
			}
			assert.ElementsMatch(t, targets[*id], ids, "%s: attached to", r.Name)
			assert.NotEmpty(t, ids, "%s: attached to its deployment's targets", r.Name)
		case aliasType:
			if aliasesReplica(r, resources) {
				continue
			}
			aliases, err := c.kmsIn(r.Region).ListAliases(ctx, &kms.ListAliasesInput{
				KeyId: aws.String(created.input(t, r, "targetKeyId"))})
			require.NoError(t, err, "%s: ListAliases", r.Name)
			var names []string
			for _, a := range aliases.Aliases {
				names = append(names, aws.ToString(a.AliasName))
			}
			assert.Equal(t, []string{created.input(t, r, "name")}, names, "%s: aliases of the key", r.Name)
		}
	}
}

// arnRegion is the region of an ARN.
func arnRegion(arn string) string { return strings.Split(arn, ":")[3] }

// unescape decodes a policy document as IAM returns it: URL-encoded.
func unescape(t *testing.T, document *string) string {
	t.Helper()
	decoded, err := url.QueryUnescape(aws.ToString(document))
	require.NoError(t, err)
	return decoded
}
