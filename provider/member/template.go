package member

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/audit"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// vaultManagerSource is the StackSet's custom resource function as
// written; vaultManagerCode is the same code compacted for the template.
// CloudFormation once took at most 4096 characters of inline code; it
// removed that limit ("CloudFormation removed the 4k charcaters limit for
// inline function code", https://github.com/aws/aws-cdk/commit/a014c30d5727afcc48706878dc4bf77a22bb122f):
// the zip it makes of the code "cannot exceed 4MB"
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-code.html#cfn-lambda-function-code-zipfile).
// The compaction keeps the template, which holds the code, well inside the
// StackSet's TemplateBody limit (StackSetTemplateLimit).
//
//go:embed vault_manager.py
var vaultManagerSource string

var vaultManagerCode = compactPython(vaultManagerSource)

// compactPython drops the module docstring, one-line docstrings, comment
// lines and trailing "  # " comments, indents one space per level instead
// of four, and drops the spaces after "," and ":" and around operators
// outside string literals. It relies on what vault_manager.py keeps to: four-space
// indentation, and no "#" or '"""' inside a string.
func compactPython(src string) string {
	if strings.HasPrefix(src, `"""`) {
		src = src[strings.Index(src[3:], `"""`)+6:]
	}
	var out []string
	for _, line := range strings.Split(src, "\n") {
		if i := strings.Index(line, "  # "); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimRight(line, " ")
		body := strings.TrimLeft(line, " ")
		if body == "" || strings.HasPrefix(body, "#") || strings.HasPrefix(body, `"""`) {
			continue
		}
		out = append(out, strings.Repeat(" ", (len(line)-len(body))/4)+tightenSpaces(body))
	}
	return strings.Join(out, "\n") + "\n"
}

// tightenSpaces drops, outside string literals, the spaces after "," and
// ":", before ":", and around operators ("=", "==", "!=", "+", "-", "//",
// "<", ">", ":="): Python reads the line the same without them.
func tightenSpaces(line string) string {
	var b strings.Builder
	var quote byte // the quote of the string literal the scan is in, or 0
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == '\\' && i+1 < len(line) {
				b.WriteByte(c)
				i++
				c = line[i]
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == ' ':
			prev := byte(0)
			if s := b.String(); len(s) > 0 {
				prev = s[len(s)-1]
			}
			if strings.IndexByte(",:=+-*/<>", prev) >= 0 || i+1 < len(line) && strings.IndexByte("=+-*/<>!:", line[i+1]) >= 0 {
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

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
	d := DescribeStackSet(in)
	n := in.Names()
	resources := map[string]any{}
	for _, r := range d.Roles {
		resources[r.ID] = withCondition(globalCondition, cfnRole(r))
	}
	resources[vaultManagerRoleID] = cfnRole(Role{
		Trust:  in.policies().VaultManagerTrust(),
		Policy: ptr(in.policies().VaultManagerPolicy()),
	})
	// An exact name, one per region (the StackSet creates a stack per account
	// and region; role names are unique in an account), on the guard SCP's
	// path: the key and vault policies name this role, not every role a
	// member administrator could create on the path.
	vaultManagerRole := resources[vaultManagerRoleID].(map[string]any)["Properties"].(map[string]any)
	vaultManagerRole["Path"] = "/" + n.MemberVaultManagerPath()
	vaultManagerRole["RoleName"] = cfn(n.MemberVaultManagerRole(Region))
	// No ReservedConcurrentExecutions: reserving concurrency fails where the
	// account's unreserved concurrency would fall below its minimum, as in
	// the new accounts auto-deployment targets, whose quotas are reduced
	// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html,
	// https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
	resources[vaultManagerID] = map[string]any{
		"Type": "AWS::Lambda::Function",
		"Properties": map[string]any{
			"FunctionName": n.MemberVaultManager(),
			"Description":  "Creates or adopts the " + in.Deployment + " deployment's backup vaults and AWS Backup's service-linked role.",
			"Runtime":      vaultManagerRuntime,
			"Handler":      "index.handler",
			"Role":         map[string]any{"Fn::GetAtt": []any{vaultManagerRoleID, "Arn"}},
			"Timeout":      vaultManagerTimeout,
			"Code":         map[string]any{"ZipFile": vaultManagerCode},
			// The function's whole configuration: it takes nothing but the
			// request type and logical id from its event.
			"Environment": map[string]any{"Variables": map[string]any{
				"STACK_ID":     map[string]any{"Ref": "AWS::StackId"},
				"VAULTS":       cfn(vaultsJSON(in, d.Vaults)),
				"VAULT_POLICY": cfn(mustJSON(d.VaultPolicyBase)),
				"VAULT_TAGS":   map[string]any{"Ref": VaultTagsParameter},
			}},
		},
	}
	if d.ServiceLinkedRole {
		resources[ServiceLinkedRoleID] = withCondition(globalCondition, map[string]any{
			"Type":       "Custom::BackupServiceLinkedRole",
			"Properties": map[string]any{"ServiceToken": vaultManagerToken, "ServiceTimeout": customResourceTimeout},
		})
	}
	for _, v := range d.Vaults {
		props := map[string]any{
			"ServiceToken":    vaultManagerToken,
			"ServiceTimeout":  customResourceTimeout,
			"BackupVaultName": v.Name,
			"AccessPolicy":    cfn(jsonValue(v.Policy.JSON())),
			"Tags":            map[string]any{"Ref": VaultTagsParameter},
		}
		if v.KeyARN != "" {
			props["EncryptionKeyArn"] = cfn(v.KeyARN)
		}
		// The function reads none of these, but a changed team or lock makes
		// CloudFormation send the vault an Update.
		if v.MpaApprovalTeamArn != "" {
			props["MpaApprovalTeamArn"] = v.MpaApprovalTeamArn
		}
		if v.Lock != nil {
			props["LockConfiguration"] = *v.Lock
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
	if d.AuditFramework != nil {
		resources[AuditFrameworkID] = cfnFramework(*d.AuditFramework)
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

// vaultManagerTimeout is the function's timeout in seconds; the function
// answers CloudFormation before it. customResourceTimeout is how long
// CloudFormation waits for an answer (ServiceTimeout, 1 to 3600 seconds,
// 3600 by default: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-customresource.html),
// so a function that cannot answer at all (it fails to start) fails the
// stack operation in minutes, not in an hour.
const (
	vaultManagerTimeout   = 120
	customResourceTimeout = 300
)

// vaultsJSON is the vault manager's VAULTS variable: each vault's name,
// what it is created with (Create) and what else an existing one must show
// to be adopted (Expect, DescribeBackupVault's fields:
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeBackupVault.html),
// and its own policy statements, by logical id (VAULT_POLICY holds what
// their policies share), placeholders kept for Fn::Sub. An air-gapped
// vault has its approval team, and its whole policy as Denies, in
// VaultPolicyBase's short form, that exempt no administrator. A locked
// vault has its Vault Lock's retention range (Lock) and grace time.
func vaultsJSON(in Input, vaults []Vault) string {
	out := map[string]any{}
	for _, v := range vaults {
		vault := map[string]any{"BackupVaultName": v.Name}
		own := in.vaultStatements(v.ID)
		if v.KeyARN != "" {
			vault["Create"] = map[string]any{"EncryptionKeyArn": v.KeyARN}
		}
		if v.AirGapped != nil {
			vault["Denies"] = denyStatements(v.Policy)
			vault["AirGapped"] = true
			vault["Create"] = v.AirGapped
			vault["Expect"] = map[string]any{"VaultType": "LOGICALLY_AIR_GAPPED_BACKUP_VAULT", "EncryptionKeyType": "AWS_OWNED_KMS_KEY"}
		}
		if len(own) > 0 {
			vault["Statements"] = own
		}
		if v.MpaApprovalTeamArn != "" {
			vault["MpaApprovalTeamArn"] = v.MpaApprovalTeamArn
		}
		// A locked vault has its lock as [MinRetentionDays,
		// MaxRetentionDays, ChangeableForDays], and the key of the vault
		// KeyOf names: the short form keeps the environment inside
		// Lambda's 4 KB beside an air-gapped vault's policy. An existing
		// vault with a lock must show the first two (DescribeBackupVault's
		// MinRetentionDays and MaxRetentionDays); one without gets it.
		if v.Lock != nil {
			vault["Lock"] = []int{v.Lock.MinRetentionDays, v.Lock.MaxRetentionDays, v.Lock.ChangeableForDays}
			if v.KeyARN == naming.KMSKeyARN(in.Partition, Region, in.CentralAccountID, in.KMSKeyID) {
				delete(vault, "Create")
				vault["KeyOf"] = BackupVaultID
			}
		}
		out[v.ID] = vault
	}
	return mustJSON(out)
}

// denyStatements is doc in VaultDenyStatement's form: it must hold only
// Deny statements on every principal and resource, each exempting
// principals by aws:PrincipalArn or none.
func denyStatements(doc iam.Document) []VaultDenyStatement {
	out := make([]VaultDenyStatement, len(doc.Statement))
	for i, st := range doc.Statement {
		exempt := st.Condition[iam.ArnNotLike][iam.PrincipalARN]
		if st.Effect != iam.Deny || len(st.Condition) > 1 || (len(st.Condition) == 1 && exempt == nil) {
			panic(fmt.Sprintf("statement %s is not a Deny exempting principals by ARN", st.Sid))
		}
		out[i] = VaultDenyStatement{Sid: st.Sid, Action: st.Action, ExemptAlso: exempt}
	}
	return out
}

func mustJSON(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain strings, lists and maps
	}
	return string(data)
}

// StackSetTemplateLimit is the most a StackSet's TemplateBody may hold:
// "a maximum length of 51,200 bytes"
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html).
const StackSetTemplateLimit = 51200

// LambdaEnvironmentLimit is the most the environment variables of a Lambda
// function may hold, names and values together, in bytes
// (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
const LambdaEnvironmentLimit = 4096

// EnvironmentSize is the largest size the vault manager's environment can
// reach in any account of the input's regions: placeholders replaced by
// their longest values, a stack id with the longest stack name (128
// characters), plus the tags' JSON.
func EnvironmentSize(in Input, tagsJSON string) int {
	in.KMSKeyID = "mrk-00000000000000000000000000000000" // the length of a multi-Region key id
	region := ""
	for _, r := range in.Regions {
		if len(r) > len(region) {
			region = r
		}
	}
	worst := strings.NewReplacer(Partition, in.Partition, AccountID, "000000000000", Region, region)
	d := DescribeStackSet(in)
	vaults := worst.Replace(vaultsJSON(in, d.Vaults))
	base := worst.Replace(mustJSON(d.VaultPolicyBase))
	const uuid = "00000000-0000-0000-0000-000000000000" // the id CloudFormation appends to the name
	stackID := len(naming.StackARN(in.Partition, region, "000000000000", strings.Repeat("s", 128), uuid))
	return len("STACK_ID") + stackID + len("VAULTS") + len(vaults) + len("VAULT_POLICY") + len(base) +
		len("VAULT_TAGS") + len(tagsJSON)
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
func Documents(in Input, stackSet bool) map[string]iam.Document {
	in.KMSKeyID = "${" + KMSKeyIDParameter + "}"
	d := in.describe(stackSet)
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
	if stackSet {
		docs[vaultManagerRoleID+".policy"] = in.policies().VaultManagerPolicy()
	}
	return docs
}

// ValidateStackSet checks, in every deployment of a StackSet config, that
// the member template fits the StackSet's TemplateBody and the vault
// manager's environment fits Lambda's limit, and says which inputs to
// shorten when one does not.
func ValidateStackSet(ps *config.Problems, cfg config.Config, ctx config.Context, tags map[string]string) {
	if cfg.MemberAccountResources != config.StackSet {
		return
	}
	tagsJSON := config.VaultTagsJSON(tags)
	for _, key := range cfg.DeploymentKeys() {
		in := NewInput(cfg, ctx, key, "")
		if n := EnvironmentSize(in, tagsJSON); n > LambdaEnvironmentLimit {
			ps.Add(fmt.Sprintf("deployments[%q].adminRoleNames", key),
				"with the tags, makes the member vault manager's environment %d bytes; Lambda allows %d: cut %d "+
					"characters from adminRoleNames, tags or memberAccountResourceNamePrefix and the deployment "+
					"name (each member role name repeats them), or use memberAccountResources %s",
				n, LambdaEnvironmentLimit, n-LambdaEnvironmentLimit, config.MemberAccountStacks)
		}
		if n := len(Template(in)); n > StackSetTemplateLimit {
			ps.Add(fmt.Sprintf("deployments[%q]", key),
				"makes a member StackSet template of %d bytes; CloudFormation allows %d: cut %d bytes by fewer "+
					"adminRoleNames, regions or vault configurations, shorter resource name prefixes and deployment "+
					"name (the member policies repeat them), or use memberAccountResources %s",
				n, StackSetTemplateLimit, n-StackSetTemplateLimit, config.MemberAccountStacks)
		}
	}
}

// cfnFramework is f as an AWS::Backup::Framework, in every region: a
// framework "applies to a single account and AWS Region"
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/working-with-audit-frameworks.html).
// A control's scope tags are a list of {Key, Value}, whose Value "can be an
// empty string when included in a CloudFormation template"
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ControlScope.html,
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-backup-framework-controlscope.html).
// The stack's tags, the StackSet's, are its tags.
func cfnFramework(f audit.Framework) map[string]any {
	controls := make([]any, len(f.Controls))
	for i, c := range f.Controls {
		control := map[string]any{"ControlName": c.Name}
		var params []any
		for _, name := range c.ParameterNames() {
			params = append(params, map[string]any{"ParameterName": name, "ParameterValue": c.Parameters[name]})
		}
		if len(params) > 0 {
			control["ControlInputParameters"] = params
		}
		if !c.Scope.Empty() {
			scope := map[string]any{}
			if len(c.Scope.ResourceTypes) > 0 {
				scope["ComplianceResourceTypes"] = c.Scope.ResourceTypes
			}
			var tags []any
			for _, key := range slices.Sorted(maps.Keys(c.Scope.Tags)) {
				tags = append(tags, map[string]any{"Key": key, "Value": c.Scope.Tags[key]})
			}
			if len(tags) > 0 {
				scope["Tags"] = tags
			}
			control["ControlScope"] = scope
		}
		controls[i] = control
	}
	return map[string]any{"Type": "AWS::Backup::Framework", "Properties": map[string]any{
		"FrameworkName": f.Name, "FrameworkDescription": f.Description, "FrameworkControls": controls,
	}}
}
