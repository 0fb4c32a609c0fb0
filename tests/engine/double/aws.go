package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/organizations"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// invoke answers a look-up with the SDK's own result type, so the answer
// has exactly the shape the components decode.
func (d *double) invoke(token string, args resource.PropertyMap) (any, error) {
	arg := func(name string) string {
		if v, ok := args[resource.PropertyKey(name)]; ok && v.IsString() {
			return v.StringValue()
		}
		return ""
	}
	w := d.snapshot()
	switch token {
	case desired.GetCallerIdentity:
		return aws.GetCallerIdentityResult{AccountId: w.AccountID, Id: w.AccountID, UserId: "AIDAEXAMPLE",
			Arn: "arn:aws:iam::" + w.AccountID + ":user/engine-test"}, nil
	case desired.GetPartition:
		return aws.GetPartitionResult{Id: "aws", Partition: "aws", DnsSuffix: "amazonaws.com",
			ReverseDnsPrefix: "com.amazonaws"}, nil
	case desired.GetRegion:
		return aws.GetRegionResult{Id: d.region, Name: d.region, Endpoint: "ec2." + d.region + ".amazonaws.com",
			Description: d.region}, nil
	case desired.GetRoles:
		prefix := arg("pathPrefix")
		result := iam.GetRolesResult{Id: w.AccountID, PathPrefix: &prefix, Arns: []string{}, Names: []string{}}
		if w.BackupServiceLinkedRole && strings.HasPrefix("/aws-service-role/backup.amazonaws.com/", prefix) {
			result.Names = []string{"AWSServiceRoleForBackup"}
			result.Arns = []string{"arn:aws:iam::" + w.AccountID +
				":role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup"}
		}
		return result, nil
	case desired.GetOrganization:
		featureSet, principals, types := "ALL", w.ServiceAccessPrincipals, w.PolicyTypes
		if w.FeatureSet != "" {
			featureSet = w.FeatureSet
		}
		if principals == nil {
			principals = []string{"backup.amazonaws.com", "member.org.stacksets.cloudformation.amazonaws.com"}
		}
		if types == nil {
			types = []string{"BACKUP_POLICY", "SERVICE_CONTROL_POLICY"}
		}
		rootTypes := []organizations.GetOrganizationRootPolicyType{}
		for _, t := range types {
			rootTypes = append(rootTypes, organizations.GetOrganizationRootPolicyType{Type: t, Status: "ENABLED"})
		}
		return organizations.LookupOrganizationResult{Id: w.OrganizationID, MasterAccountId: w.ManagementAccountID,
			Arn:              "arn:aws:organizations::" + w.ManagementAccountID + ":organization/" + w.OrganizationID,
			MasterAccountArn: "arn:aws:organizations::" + w.ManagementAccountID + ":account/" + w.OrganizationID + "/" + w.ManagementAccountID,
			FeatureSet:       featureSet, EnabledPolicyTypes: types, AwsServiceAccessPrincipals: principals,
			Accounts: []organizations.GetOrganizationAccount{}, NonMasterAccounts: []organizations.GetOrganizationNonMasterAccount{},
			Roots: []organizations.GetOrganizationRoot{{Id: rootID, Name: "Root", PolicyTypes: rootTypes,
				Arn: "arn:aws:organizations::" + w.ManagementAccountID + ":root/" + w.OrganizationID + "/" + rootID}},
			MasterAccountEmail: "management@example.com", MasterAccountName: "management"}, nil
	case desired.GetDelegatedAdministrators:
		principal := arg("servicePrincipal")
		result := organizations.GetDelegatedAdministratorsResult{Id: w.OrganizationID, ServicePrincipal: &principal,
			DelegatedAdministrators: []organizations.GetDelegatedAdministratorsDelegatedAdministrator{}}
		for _, id := range w.DelegatedAdministrators[principal] {
			result.DelegatedAdministrators = append(result.DelegatedAdministrators,
				organizations.GetDelegatedAdministratorsDelegatedAdministrator{Id: id, Name: id, Status: "ACTIVE",
					Email: id + "@example.com", JoinedMethod: "CREATED", JoinedTimestamp: "2024-01-01T00:00:00Z",
					DelegationEnabledDate: "2024-01-01T00:00:00Z",
					Arn:                   "arn:aws:organizations::" + w.ManagementAccountID + ":account/" + w.OrganizationID + "/" + id})
		}
		return result, nil
	case desired.GetOrganizationalUnitDescendantAccs:
		parent := arg("parentId")
		accounts := []organizations.GetOrganizationalUnitDescendantAccountsAccount{}
		for _, a := range w.OUAccounts[parent] {
			accounts = append(accounts, organizations.GetOrganizationalUnitDescendantAccountsAccount{Id: a.ID,
				Status: a.Status, Name: a.ID, Email: a.ID + "@example.com",
				Arn: "arn:aws:organizations::" + w.ManagementAccountID + ":account/" + w.OrganizationID + "/" + a.ID})
		}
		return organizations.GetOrganizationalUnitDescendantAccountsResult{Id: parent, ParentId: parent,
			Accounts: accounts}, nil
	case getPoliciesForTarget:
		// organizations:ListPoliciesForTarget: the policies attached
		// directly to the target, of the filter's type.
		target, filter := arg("targetId"), arg("filter")
		result := organizations.GetPoliciesForTargetResult{Id: target, TargetId: target, Filter: filter, Ids: []string{}}
		if filter == desired.ServiceControlPolicy {
			for _, name := range w.scpsOn(target) {
				result.Ids = append(result.Ids, policyID(name))
			}
		}
		return result, nil
	case getPolicy:
		// organizations:DescribePolicy.
		id := arg("policyId")
		p, ok := w.policy(id)
		if !ok {
			return nil, fmt.Errorf("PolicyNotFoundException: We can't find a policy with the PolicyId that you specified (%s)", id)
		}
		return organizations.LookupPolicyResult{Id: id, PolicyId: id, Name: p.Name, Type: p.Type, Content: p.Content,
			Description: p.Description, AwsManaged: id == fullAWSAccessID,
			Arn: d.arn(desired.OrganizationsPolicy, id, resource.PropertyMap{"type": resource.NewStringProperty(p.Type)})}, nil
	case desired.GetBackupVault:
		name := arg("name")
		v, ok := w.vault(d.region, name)
		if !ok {
			// The real provider fails the look-up of a vault that does not exist.
			return nil, fmt.Errorf("reading Backup Vault (%s): couldn't find resource", name)
		}
		return backup.LookupVaultResult{Id: v.Name, Name: v.Name, KmsKeyArn: d.vaultKey(v), Tags: v.Tags,
			Arn: d.arn(desired.BackupVault, v.Name, nil)}, nil
	case desired.GetS3Bucket:
		// HeadBucket: a bucket of the account answers, in whatever region;
		// one that does not exist fails the look-up.
		name := arg("bucket")
		b, ok := w.bucket(name)
		if !ok {
			return nil, fmt.Errorf("reading S3 Bucket (%s): couldn't find resource", name)
		}
		return s3.LookupBucketResult{Id: b.Name, Bucket: b.Name, Arn: d.arn(desired.S3Bucket, b.Name, nil),
			BucketDomainName: b.Name + ".s3.amazonaws.com", Region: b.Region,
			BucketRegionalDomainName: b.Name + ".s3." + b.Region + ".amazonaws.com", HostedZoneId: "Z3GKZC51ZF0DB4"}, nil
	}
	return nil, fmt.Errorf("unknown function %s", token)
}

// vaultKey is the key that encrypts v: its own, the AWS-managed key of
// AWS Backup, or for an air-gapped vault created without one the AWS owned
// key AWS Backup made for it.
func (d *double) vaultKey(v Vault) string {
	switch {
	case v.KmsKeyArn != "":
		return v.KmsKeyArn
	case v.LogicallyAirGapped:
		return d.awsOwnedKey(v.Name)
	}
	return "arn:aws:kms:" + d.region + ":" + d.world.AccountID + ":alias/aws/backup"
}

// awsOwnedKey is the AWS owned key AWS Backup creates for the air-gapped
// vault name when it is given none, in an account of AWS's.
func (d *double) awsOwnedKey(name string) string {
	h := hash(d.world.AccountID + "/" + d.region + "/" + name)
	return "arn:aws:kms:" + d.region + ":" + awsOwnedKeyAccount + ":key/" + h[:8] + "-" + h[8:12] + "-" + h[12:16] +
		"-" + h[16:20] + "-" + h[20:32]
}

const awsOwnedKeyAccount = "000000000000"

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// physicalID is the id the resource gets: its name where AWS identifies
// it by name, otherwise derived from its URN, so every run gives the same.
func (d *double) physicalID(typ, urn string, inputs resource.PropertyMap) string {
	h := hash(urn)
	str := func(k string) string {
		if v, ok := inputs[resource.PropertyKey(k)]; ok && v.IsString() {
			return v.StringValue()
		}
		return ""
	}
	switch typ {
	case desired.KMSKey:
		if v, ok := inputs["multiRegion"]; ok && v.IsBool() && v.BoolValue() {
			return "mrk-" + h[:32]
		}
		return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
	case desired.KMSReplicaKey:
		// A replica has the key id of its primary.
		arn := str("primaryKeyArn")
		return arn[strings.LastIndex(arn, "/")+1:]
	case desired.OrganizationsPolicy:
		// By name, which is unique in an organization: the World's
		// look-ups give a policy a stack created the same id.
		return policyID(str("name"))
	case desired.OrganizationsAttachment:
		return str("targetId") + ":" + str("policyId")
	case desired.OrganizationsDelegatedAdministrator:
		return str("accountId") + "/" + str("servicePrincipal")
	case desired.OrganizationsResourcePolicy:
		return "rp-" + h[:8]
	case desired.RAMSharingWithOrganization, desired.BackupGlobalSettings:
		return d.world.AccountID // the account's one setting
	case desired.BackupAirGappedVault:
		return str("backupVaultName")
	case desired.BackupVaultLockConfiguration:
		// pulumi-aws's id of a lock is its vault's name, as its import id.
		return str("backupVaultName")
	case desired.S3Bucket, desired.S3BucketVersioning, desired.S3BucketObjectLock, desired.S3BucketEncryption,
		desired.S3BucketPublicAccessBlock, desired.S3BucketPolicy:
		// A bucket's id is its name, and so is that of each of its
		// configuration resources (without an expected bucket owner).
		return str("bucket")
	case desired.RAMResourceShare:
		return "arn:aws:ram:" + d.region + ":" + d.world.AccountID + ":resource-share/" + h[:8] + "-" + h[8:12] +
			"-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
	}
	if name := str("name"); name != "" {
		return name
	}
	if name := str("policyName"); name != "" {
		return name
	}
	urnName := urn[strings.LastIndex(urn, "::")+2:]
	return urnName + "-" + h[:8]
}

// arn is the resource's ARN in the formats of the Service Authorization
// Reference's resource types,
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
func (d *double) arn(typ, id string, inputs resource.PropertyMap) string {
	regional := func(service, resource string) string {
		return "arn:aws:" + service + ":" + d.region + ":" + d.world.AccountID + ":" + resource
	}
	switch typ {
	case desired.IAMRole:
		return "arn:aws:iam::" + d.world.AccountID + ":role/" + id
	case desired.IAMServiceLinkedRole:
		return "arn:aws:iam::" + d.world.AccountID + ":role/aws-service-role/" + id
	case desired.OrganizationsPolicy:
		// The policy type in lower case names the ARN's path; AWS
		// managed policies are under aws, not the organization.
		typ := "backup_policy"
		if t, ok := inputs["type"]; ok && t.IsString() {
			typ = strings.ToLower(t.StringValue())
		}
		if id == fullAWSAccessID {
			return "arn:aws:organizations::aws:policy/" + typ + "/" + id
		}
		return "arn:aws:organizations::" + d.world.ManagementAccountID + ":policy/" + d.world.OrganizationID +
			"/" + typ + "/" + id
	case desired.KMSKey, desired.KMSReplicaKey:
		return regional("kms", "key/"+id)
	case desired.KMSAlias:
		return regional("kms", id)
	case desired.BackupVault, desired.BackupLogicallyAirGapped, desired.BackupAirGappedVault:
		return regional("backup", "backup-vault:"+id)
	case desired.EventBus:
		return regional("events", "event-bus/"+id)
	case desired.EventRule:
		if bus, ok := inputs["eventBusName"]; ok && bus.IsString() && bus.StringValue() != "default" {
			return regional("events", "rule/"+bus.StringValue()+"/"+id)
		}
		return regional("events", "rule/"+id)
	case desired.LogGroup:
		return regional("logs", "log-group:"+id)
	case desired.StateMachine:
		return regional("states", "stateMachine:"+id)
	case desired.CloudFormationStackSet:
		return regional("cloudformation", "stackset/"+id)
	case desired.RAMResourceShare:
		return id
	case desired.BackupFramework:
		// framework:${FrameworkName}-${FrameworkId}, report-plan:${ReportPlanName}-${ReportPlanId}
		// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html)
		return regional("backup", "framework:"+id+"-"+auditResourceID)
	case desired.BackupReportPlan:
		return regional("backup", "report-plan:"+id+"-"+auditResourceID)
	case desired.S3Bucket:
		// arn:${Partition}:s3:::${BucketName}
		// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html)
		return "arn:aws:s3:::" + id
	case desired.BackupRestoreTestingPlan:
		// restore-testing-plan:${RestoreTestingPlanName}-${RestoreTestingPlanId}
		// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html)
		return regional("backup", "restore-testing-plan:"+id+"-"+restoreTestingPlanID)
	}
	module := strings.Split(strings.Split(typ, ":")[1], "/")[0]
	return regional(module, strings.ToLower(typ[strings.LastIndex(typ, ":")+1:])+"/"+id)
}

// outputs are a resource's state: its inputs and what AWS computes. In a
// preview (no id yet) the computed values are unknown; an update keeps
// those of the previous state.
func (d *double) outputs(typ, id string, inputs, olds resource.PropertyMap) resource.PropertyMap {
	out := inputs.Copy()
	set := func(key resource.PropertyKey, value string) {
		switch {
		case olds.HasValue(key):
			out[key] = olds[key]
		case id == "":
			out[key] = resource.MakeComputed(resource.NewStringProperty(""))
		default:
			out[key] = resource.NewStringProperty(value)
		}
	}
	if olds.HasValue("id") {
		id = olds["id"].StringValue()
	}
	switch typ {
	case desired.OrganizationsAttachment, desired.S3BucketVersioning, desired.S3BucketObjectLock,
		desired.S3BucketEncryption, desired.S3BucketPublicAccessBlock, desired.S3BucketPolicy:
		// No ARN of their own.
	case desired.BackupVaultLockConfiguration:
		// pulumi-aws's state of a lock: its vault's ARN, no ARN or name of its own.
		set("backupVaultArn", d.arn(desired.BackupVault, id, nil))
	case desired.BackupAirGappedVault: // aws-native's output names
		set("backupVaultArn", d.arn(typ, id, inputs))
		set("vaultType", "LOGICALLY_AIR_GAPPED_BACKUP_VAULT")
		set("vaultState", "AVAILABLE")
		if !inputs.HasValue("encryptionKeyArn") {
			// The key AWS Backup created: an output, never an input of the program.
			set("encryptionKeyArn", d.awsOwnedKey(id))
		}
	default:
		set("arn", d.arn(typ, id, inputs))
	}
	if !inputs.HasValue("name") && typ != desired.LogResourcePolicy && typ != desired.BackupVaultLockConfiguration &&
		!strings.HasPrefix(typ, desired.AWSNative+":") && !strings.HasPrefix(typ, "aws:s3/") {
		set("name", id)
	}
	if typ == desired.KMSKey || typ == desired.KMSReplicaKey {
		set("keyId", id)
	}
	if inputs.HasValue("tags") {
		out["tagsAll"] = inputs["tags"]
	}
	if id != "" {
		out["id"] = resource.NewStringProperty(id)
	}
	return out
}

// properties is an SDK result struct as the property values its pulumi
// tags name; nil pointers are left out.
func properties(v reflect.Value) resource.PropertyValue {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return resource.NewNullProperty()
		}
		return properties(v.Elem())
	case reflect.Struct:
		m := resource.PropertyMap{}
		for _, f := range reflect.VisibleFields(v.Type()) {
			name, _, _ := strings.Cut(f.Tag.Get("pulumi"), ",")
			if p := properties(v.FieldByIndex(f.Index)); name != "" && !p.IsNull() {
				m[resource.PropertyKey(name)] = p
			}
		}
		return resource.NewObjectProperty(m)
	case reflect.Slice:
		a := make([]resource.PropertyValue, v.Len())
		for i := range a {
			a[i] = properties(v.Index(i))
		}
		return resource.NewArrayProperty(a)
	case reflect.Map:
		m := resource.PropertyMap{}
		for _, k := range v.MapKeys() {
			m[resource.PropertyKey(k.String())] = properties(v.MapIndex(k))
		}
		return resource.NewObjectProperty(m)
	case reflect.String:
		return resource.NewStringProperty(v.String())
	case reflect.Bool:
		return resource.NewBoolProperty(v.Bool())
	case reflect.Int:
		return resource.NewNumberProperty(float64(v.Int()))
	case reflect.Float64:
		return resource.NewNumberProperty(v.Float())
	}
	panic("no property value for " + v.Kind().String())
}

// restoreTestingPlanID is the id the double gives every restore testing
// plan, after its name in its ARN.
const restoreTestingPlanID = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"

// auditResourceID is the id the double gives every Audit Manager framework
// and report plan, after its name in its ARN.
const auditResourceID = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
