package member

import (
	_ "embed"
	"encoding/json"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
)

// vaultManagerCode is the inline code of the StackSet's custom resource
// function. CloudFormation takes at most 4096 characters inline.
//
//go:embed vault_manager.py
var vaultManagerCode string

// KMSKeyIDParameter is the StackSet parameter holding the deployment key's
// id, which OrgBackup only knows once the key exists.
const KMSKeyIDParameter = "KmsKeyId"

// VaultTagsParameter is the StackSet parameter holding the component's tags
// as a JSON object: CloudFormation tags the stack's own resources, the
// custom resource function tags the vaults.
const VaultTagsParameter = "VaultTags"

const (
	globalCondition     = "CreateGlobalResources"
	vaultManagerRoleID  = "VaultManagerRole"
	vaultManagerID      = "VaultManager"
	vaultManagerRuntime = "python3.13"
)

// Template is the member account's CloudFormation template (minified JSON)
// for the StackSet: account-wide resources in the first region only, and
// vaults through a small custom resource function, so an account that
// re-joins adopts its existing vaults and one that leaves never blocks on a
// vault with recovery points.
func Template(in Input) string {
	in.KMSKeyID = "${" + KMSKeyIDParameter + "}"
	d := Describe(in)
	n := in.Names()
	resources := map[string]any{}
	for _, r := range d.Roles {
		resources[r.ID] = withCondition(globalCondition, cfnRole(r))
	}
	resources[vaultManagerRoleID] = cfnRole(Role{
		Trust: iam.New(iam.Statement{
			Effect:    iam.Allow,
			Principal: &iam.Principal{Service: iam.Strings{"lambda.amazonaws.com"}},
			Action:    iam.Strings{"sts:AssumeRole"},
			Condition: iam.Conditions{"StringEquals": {"aws:SourceAccount": iam.Strings{AccountID}}},
		}),
		Policy: ptr(vaultManagerPolicy(in)),
	})
	resources[vaultManagerRoleID].(map[string]any)["Properties"].(map[string]any)["Path"] = "/" + n.MemberVaultManagerPath()
	resources[vaultManagerID] = map[string]any{
		"Type": "AWS::Lambda::Function",
		"Properties": map[string]any{
			"Description":                  "Creates or adopts the " + in.Deployment + " deployment's backup vaults and AWS Backup's service-linked role.",
			"Runtime":                      vaultManagerRuntime,
			"Handler":                      "index.handler",
			"Role":                         map[string]any{"Fn::GetAtt": []any{vaultManagerRoleID, "Arn"}},
			"Timeout":                      120,
			"ReservedConcurrentExecutions": 2,
			"Code":                         map[string]any{"ZipFile": vaultManagerCode},
		},
	}
	if d.ServiceLinkedRole {
		resources[ServiceLinkedRoleID] = withCondition(globalCondition, map[string]any{
			"Type":       "Custom::BackupServiceLinkedRole",
			"Properties": map[string]any{"ServiceToken": vaultManagerToken},
		})
	}
	for _, v := range d.Vaults {
		props := map[string]any{
			"ServiceToken":    vaultManagerToken,
			"BackupVaultName": v.Name,
			"AccessPolicy":    cfn(jsonValue(v.Policy.JSON())),
			"Tags":            map[string]any{"Ref": VaultTagsParameter},
		}
		if v.KeyARN != "" {
			props["EncryptionKeyArn"] = cfn(v.KeyARN)
		}
		resources[v.ID] = map[string]any{"Type": "Custom::BackupVault", "Properties": props}
	}
	resources[d.Rule.ID] = map[string]any{
		"Type": "AWS::Events::Rule",
		"Properties": map[string]any{
			"Name":         d.Rule.Name,
			"Description":  "Forwards the " + in.Deployment + " deployment's AWS Backup events to its central event bus.",
			"EventPattern": cfn(jsonValue(d.Rule.Pattern.JSON())),
			"State":        "ENABLED",
			"Targets": []any{map[string]any{
				"Id":      "CentralEventBus",
				"Arn":     cfn(d.Rule.Target),
				"RoleArn": cfn(d.Rule.RoleARN),
			}},
		},
	}
	template := map[string]any{
		"AWSTemplateFormatVersion": "2010-09-09",
		"Description": "orgbackup member account resources of the " + in.Deployment + " deployment: backup vaults, " +
			"AWS Backup roles and the event forwarder to the central account.",
		"Parameters": map[string]any{
			KMSKeyIDParameter: map[string]any{"Type": "String",
				"Description": "Id of the deployment's multi-region KMS key in the central account."},
			VaultTagsParameter: map[string]any{"Type": "String", "Default": "{}",
				"Description": "Tags of the backup vaults, as a JSON object."},
		},
		"Conditions": map[string]any{
			globalCondition: map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "AWS::Region"}, d.PrimaryRegion}},
		},
		"Resources": resources,
		"Outputs": map[string]any{
			"BackupVaultArn":  map[string]any{"Value": map[string]any{"Fn::GetAtt": []any{BackupVaultID, "BackupVaultArn"}}},
			"RestoreVaultArn": map[string]any{"Value": map[string]any{"Fn::GetAtt": []any{RestoreVaultID, "BackupVaultArn"}}},
		},
	}
	out, err := json.Marshal(template)
	if err != nil {
		panic(err) // the template holds only strings, numbers, lists and maps
	}
	return string(out)
}

var vaultManagerToken = map[string]any{"Fn::GetAtt": []any{vaultManagerID, "Arn"}}

// vaultManagerPolicy lets the custom resource function manage only the
// deployment's vaults and create AWS Backup's service-linked role.
func vaultManagerPolicy(in Input) iam.Document {
	n := in.Names()
	var vaults []string
	for _, v := range []string{n.MemberBackupVault(), n.MemberRestoreVault()} {
		vaults = append(vaults, "arn:"+Partition+":backup:"+Region+":"+AccountID+":backup-vault:"+v)
	}
	return iam.New(
		iam.Statement{Sid: "ManageVaults", Effect: iam.Allow,
			Action: iam.Strings{"backup:CreateBackupVault", "backup:DeleteBackupVault", "backup:DescribeBackupVault",
				"backup:ListRecoveryPointsByBackupVault", "backup:PutBackupVaultAccessPolicy", "backup:TagResource",
				"backup:UntagResource"},
			Resource: iam.Sorted(vaults...)},
		iam.Statement{Sid: "CreateVaultStorage", Effect: iam.Allow, Action: iam.Strings{"backup-storage:MountCapsule"},
			Resource: iam.Strings{"*"}},
		iam.Statement{Sid: "UseDeploymentKey", Effect: iam.Allow,
			Action:   iam.Strings{"kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"},
			Resource: iam.Strings{"arn:" + in.Partition + ":kms:" + Region + ":" + in.CentralAccountID + ":key/" + in.KMSKeyID}},
		iam.Statement{Sid: "CreateServiceLinkedRole", Effect: iam.Allow, Action: iam.Strings{"iam:CreateServiceLinkedRole"},
			Resource:  iam.Strings{"arn:" + Partition + ":iam::" + AccountID + ":role/" + iam.BackupServiceLinked},
			Condition: iam.Conditions{"StringEquals": {"iam:AWSServiceName": iam.Strings{iam.BackupService}}}},
		iam.Statement{Sid: "ReadServiceLinkedRole", Effect: iam.Allow, Action: iam.Strings{"iam:GetRole"},
			Resource: iam.Strings{"arn:" + Partition + ":iam::" + AccountID + ":role/" + iam.BackupServiceLinked}},
		iam.Statement{Sid: "WriteLogs", Effect: iam.Allow,
			Action:   iam.Strings{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"},
			Resource: iam.Strings{"arn:" + Partition + ":logs:" + Region + ":" + AccountID + ":log-group:/aws/lambda/*"}},
	)
}

func cfnRole(r Role) map[string]any {
	props := map[string]any{"AssumeRolePolicyDocument": cfn(jsonValue(r.Trust.JSON()))}
	if r.Name != "" {
		props["RoleName"] = r.Name
	}
	if r.Policy != nil {
		name := r.Name
		if name == "" {
			name = "vault-manager"
		}
		props["Policies"] = []any{map[string]any{
			"PolicyName":     name,
			"PolicyDocument": cfn(jsonValue(r.Policy.JSON())),
		}}
	}
	if len(r.Managed) > 0 {
		arns := make([]any, len(r.Managed))
		for i, arn := range r.Managed {
			arns[i] = arn
		}
		props["ManagedPolicyArns"] = arns
	}
	return map[string]any{"Type": "AWS::IAM::Role", "Properties": props}
}

func withCondition(condition string, resource map[string]any) map[string]any {
	resource["Condition"] = condition
	return resource
}

func jsonValue(s string) any {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		panic(err)
	}
	return v
}

// cfn wraps every string holding a ${…} placeholder in Fn::Sub.
func cfn(v any) any {
	switch v := v.(type) {
	case string:
		if strings.Contains(v, "${") {
			return map[string]any{"Fn::Sub": v}
		}
		return v
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = cfn(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = cfn(e)
		}
		return out
	}
	return v
}

func ptr[T any](v T) *T { return &v }

// Documents returns every policy document of the member template, by a
// file-like name: role trust and inline policies, vault policies and the
// custom resource function's policy. Strings keep their ${…} placeholders.
func Documents(in Input) map[string]iam.Document {
	in.KMSKeyID = "${" + KMSKeyIDParameter + "}"
	d := Describe(in)
	docs := map[string]iam.Document{}
	for _, r := range d.Roles {
		docs[r.ID+".trust"] = r.Trust
		if r.Policy != nil {
			docs[r.ID+".policy"] = *r.Policy
		}
	}
	for _, v := range d.Vaults {
		docs[v.ID+".policy"] = v.Policy
	}
	docs[vaultManagerRoleID+".policy"] = vaultManagerPolicy(in)
	return docs
}
