// Command double is a test double of the pulumi-aws and pulumi-aws-native
// provider plugins, at the versions the component pins (desired.Version), for the engine tests: one
// binary, installed under both names, that checks every input against the
// pinned SDKs' argument types, answers the look-ups the components make,
// gives deterministic ids, keeps no state of its own (the engine's state
// is the truth) and records every call as a JSON line.
//
// Environment: ORGBACKUP_DOUBLE_LOG (the call log), ORGBACKUP_DOUBLE_WORLD
// (a World as JSON: the account, organization, its SCPs and existing vaults).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/tests/engine/calls"
)

// versions are the plugin versions the double stands in for.
var versions = map[string]string{desired.AWS: desired.AWSVersion, desired.AWSNative: desired.AWSNativeVersion}

func main() {
	pkg := strings.TrimPrefix(filepath.Base(os.Args[0]), "pulumi-resource-")
	if _, ok := versions[pkg]; !ok {
		fmt.Fprintf(os.Stderr, "install the double as pulumi-resource-aws or pulumi-resource-aws-native, not %s\n", os.Args[0])
		os.Exit(1)
	}
	world, err := loadWorld()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	rec, err := openRecorder()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	err = provider.Main(pkg, func(*provider.HostClient) (pulumirpc.ResourceProviderServer, error) {
		return &double{pkg: pkg, world: world, rec: rec}, nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

type double struct {
	pulumirpc.UnimplementedResourceProviderServer
	pkg    string
	world  World
	rec    *recorder
	region string // set by Configure
	// mu guards world.Vaults, which a lock put changes (putVaultLock):
	// the slice is replaced, never written in place, so a snapshot
	// taken under mu stays as it was.
	mu sync.Mutex
}

// snapshot is the World as it is now.
func (d *double) snapshot() World {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.world
}

var marshalOpts = plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true, KeepOutputValues: true}

func unmarshal(s *structpb.Struct) (resource.PropertyMap, error) {
	m, err := plugin.UnmarshalProperties(s, marshalOpts)
	if m == nil {
		m = resource.PropertyMap{}
	}
	return m, err
}

func marshal(m resource.PropertyMap) (*structpb.Struct, error) {
	return plugin.MarshalProperties(m, marshalOpts)
}

func (d *double) record(c calls.Call, start time.Time) {
	c.Time, c.Package, c.Region = start.UTC(), d.pkg, d.region
	c.Micros = time.Since(start).Microseconds()
	d.rec.record(c)
}

func (d *double) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: versions[d.pkg]}, nil
}

func (d *double) GetSchema(context.Context, *pulumirpc.GetSchemaRequest) (*pulumirpc.GetSchemaResponse, error) {
	return &pulumirpc.GetSchemaResponse{Schema: fmt.Sprintf(`{"name":%q,"version":%q}`, d.pkg, versions[d.pkg])}, nil
}

func (d *double) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func (d *double) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	start := time.Now()
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	failures := checkObject("", news, providerArgs[d.pkg], engineKeys...)
	if v, ok := news["region"]; !ok || v.IsNull() {
		// Both providers refuse to start without a region.
		failures = append(failures, failure{"region", "Missing region: set " + d.pkg + ":region"})
	}
	d.record(calls.Call{Method: "CheckConfig", URN: req.GetUrn(), Failures: reasons(failures)}, start)
	return &pulumirpc.CheckResponse{Inputs: req.GetNews(), Failures: checkFailures(failures)}, nil
}

func (d *double) DiffConfig(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return d.diff(req, "DiffConfig", nil)
}

func (d *double) Configure(_ context.Context, req *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	start := time.Now()
	args, err := unmarshal(req.GetArgs())
	if err != nil {
		return nil, err
	}
	if r, ok := args["region"]; ok && r.IsString() {
		d.region = r.StringValue()
	} else {
		// The real aws provider still falls back to the variables an older
		// engine sends instead of args; the double keeps that behaviour.
		//lint:ignore SA1019 the fallback is the point
		d.region = req.GetVariables()[d.pkg+":config:region"]
	}
	d.record(calls.Call{Method: "Configure", URN: req.GetUrn()}, start)
	return &pulumirpc.ConfigureResponse{AcceptSecrets: true, SupportsPreview: true, AcceptResources: true}, nil
}

func (d *double) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	start := time.Now()
	typ, ok := resourceArgs[req.GetType()]
	if !ok {
		d.record(calls.Call{Method: "Check", Type: req.GetType(), URN: req.GetUrn(), Error: "unknown type"}, start)
		return nil, fmt.Errorf("unknown resource type %s", req.GetType())
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	failures := checkObject("", news, typ)
	d.record(calls.Call{Method: "Check", Type: req.GetType(), URN: req.GetUrn(), Failures: reasons(failures)}, start)
	return &pulumirpc.CheckResponse{Inputs: req.GetNews(), Failures: checkFailures(failures)}, nil
}

func (d *double) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	if d.pkg == desired.AWSNative {
		// aws-native leaves the diff to the engine: DIFF_UNKNOWN when the
		// inputs changed, never a replacement of its own. The engine
		// replaces only on the replaceOnChanges option aws-native's typed
		// SDKs pass (the createOnly properties); without it, a change is an
		// update, which Update refuses for a createOnly property.
		resp, err := d.diff(req, "Diff", nil)
		if err != nil || resp.Changes == pulumirpc.DiffResponse_DIFF_NONE {
			return resp, err
		}
		return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_UNKNOWN, DeleteBeforeReplace: true}, nil
	}
	return d.diff(req, "Diff", replaceOnChange[req.GetType()])
}

// diff reports every input that changed, appeared or was dropped since
// the last deployment; those in replaceKeys replace the resource.
func (d *double) diff(req *pulumirpc.DiffRequest, method string, replaceKeys []string) (*pulumirpc.DiffResponse, error) {
	start := time.Now()
	olds := req.GetOldInputs()
	if olds == nil {
		olds = req.GetOlds()
	}
	old, err := unmarshal(olds)
	if err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	resp := &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE, HasDetailedDiff: true,
		DetailedDiff: map[string]*pulumirpc.PropertyDiff{}}
	for _, key := range changedKeys(old, news) {
		if method == "DiffConfig" && slices.Contains(engineKeys, key) {
			continue
		}
		kind := pulumirpc.PropertyDiff_UPDATE
		switch {
		case !old.HasValue(resource.PropertyKey(key)):
			kind = pulumirpc.PropertyDiff_ADD
		case !news.HasValue(resource.PropertyKey(key)):
			kind = pulumirpc.PropertyDiff_DELETE
		}
		if slices.Contains(replaceKeys, key) {
			resp.Replaces = append(resp.Replaces, key)
			kind += pulumirpc.PropertyDiff_ADD_REPLACE - pulumirpc.PropertyDiff_ADD
		}
		resp.Diffs = append(resp.Diffs, key)
		resp.DetailedDiff[key] = &pulumirpc.PropertyDiff{Kind: kind, InputDiff: true}
		resp.Changes = pulumirpc.DiffResponse_DIFF_SOME
	}
	d.record(calls.Call{Method: method, Type: req.GetType(), URN: req.GetUrn(), ID: req.GetId(),
		Diffs: resp.Diffs, Replaces: resp.Replaces}, start)
	return resp, nil
}

// changedKeys are the keys whose values differ between old and new,
// sorted; an unknown new value counts as a change.
func changedKeys(old, news resource.PropertyMap) []string {
	var keys []string
	for k := range old {
		if !old[k].IsNull() && (!news.HasValue(k) || !news[k].DeepEquals(old[k])) {
			keys = append(keys, string(k))
		}
	}
	for k := range news {
		if news.HasValue(k) && !old.HasValue(k) {
			keys = append(keys, string(k))
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

func (d *double) Create(_ context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	start := time.Now()
	inputs, err := unmarshal(req.GetProperties())
	if err != nil {
		return nil, err
	}
	id := ""
	if !req.GetPreview() {
		id = d.physicalID(req.GetType(), req.GetUrn(), inputs)
	}
	props, err := marshal(d.outputs(req.GetType(), id, inputs, nil))
	if err != nil {
		return nil, err
	}
	call := calls.Call{Method: "Create", Type: req.GetType(), URN: req.GetUrn(), ID: id, Preview: req.GetPreview()}
	if !req.GetPreview() {
		call.Inputs = plain(inputs)
	}
	if req.GetType() == desired.BackupVaultLockConfiguration && !req.GetPreview() {
		if err := d.putVaultLock(inputs, start); err != nil {
			call.Error = err.Error()
			d.record(call, start)
			return nil, err
		}
	}
	d.record(call, start)
	return &pulumirpc.CreateResponse{Id: id, Properties: props}, nil
}

func (d *double) Update(_ context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	start := time.Now()
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	olds, err := unmarshal(req.GetOlds())
	if err != nil {
		return nil, err
	}
	props, err := marshal(d.outputs(req.GetType(), req.GetId(), news, olds))
	if err != nil {
		return nil, err
	}
	oldInputs, err := unmarshal(req.GetOldInputs())
	if err != nil {
		return nil, err
	}
	call := calls.Call{Method: "Update", Type: req.GetType(), URN: req.GetUrn(), ID: req.GetId(), Preview: req.GetPreview(),
		Diffs: changedKeys(oldInputs, news)}
	if fixed := createOnly(req.GetType(), call.Diffs); d.pkg == desired.AWSNative && len(fixed) > 0 {
		// What Cloud Control API answers a patch of a createOnly property.
		call.Error = fmt.Sprintf("Invalid patch update: createOnlyProperties %v cannot be updated", fixed)
		d.record(call, start)
		return nil, errors.New(call.Error)
	}
	d.record(call, start)
	return &pulumirpc.UpdateResponse{Properties: props}, nil
}

// putVaultLock is pulumi-aws's create of a lock configuration,
// PutBackupVaultLockConfiguration on the vault backupVaultName of the
// provider's region, at now. On a vault of the World whose lock is
// immutable it fails as AWS does: "On and after the lock date, the Vault
// Lock becomes immutable and cannot be changed or deleted"
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html),
// with InvalidRequestException, one of the errors that page lists for the
// action and the one AWS answers a change of an immutable lock with
// (DeleteBackupVaultLockConfiguration: "If the Vault Lock configuration is
// immutable ... you will receive an InvalidRequestException",
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteBackupVaultLockConfiguration.html);
// the words after the exception's name are the double's own, wrapped as
// pulumi-aws wraps an error of the create. On any other vault of the World
// (no lock, a governance-mode lock, a compliance-mode one before its lock
// date) the put replaces the lock: the vault then has the new one, in
// compliance mode with its lock date ChangeableForDays from now when
// given. A vault the engine created is no part of the World: its put
// succeeds.
func (d *double) putVaultLock(inputs resource.PropertyMap, now time.Time) error {
	str := func(k resource.PropertyKey) string {
		if v, ok := inputs[k]; ok && v.IsString() {
			return v.StringValue()
		}
		return ""
	}
	days := func(k resource.PropertyKey) (int, bool) {
		if v, ok := inputs[k]; ok && v.IsNumber() {
			return int(v.NumberValue()), true
		}
		return 0, false
	}
	name := str("backupVaultName")
	d.mu.Lock()
	defer d.mu.Unlock()
	i := slices.IndexFunc(d.world.Vaults, func(v Vault) bool {
		return v.Region == d.region && v.Name == name && !v.LogicallyAirGapped
	})
	if i < 0 {
		return nil
	}
	v := d.world.Vaults[i]
	if v.immutable(now) {
		return fmt.Errorf("creating Backup Vault Lock Configuration (%s): operation error Backup: "+
			"PutBackupVaultLockConfiguration, https response error StatusCode: 400, RequestID: %s, "+
			"InvalidRequestException: the Vault Lock of backup vault %s is immutable since its lock date %s "+
			"and cannot be changed", name, hash(name)[:8]+"-"+hash(name)[8:12], name, v.LockDate.UTC().Format(time.RFC3339))
	}
	v.Locked, v.LockDate = true, nil
	v.MinRetentionDays, _ = days("minRetentionDays")
	v.MaxRetentionDays, _ = days("maxRetentionDays")
	if changeable, ok := days("changeableForDays"); ok {
		date := now.Add(time.Duration(changeable) * 24 * time.Hour)
		v.LockDate = &date
	}
	vaults := slices.Clone(d.world.Vaults)
	vaults[i] = v
	d.world.Vaults = vaults
	return nil
}

// createOnly are the keys among changed that typ's schema lists as
// createOnlyProperties (aws-native's replaceOnChange).
func createOnly(typ string, changed []string) []string {
	var out []string
	for _, k := range changed {
		if slices.Contains(replaceOnChange[typ], k) {
			out = append(out, k)
		}
	}
	return out
}

func (d *double) Delete(_ context.Context, req *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	start := time.Now()
	d.record(calls.Call{Method: "Delete", Type: req.GetType(), URN: req.GetUrn(), ID: req.GetId()}, start)
	return &emptypb.Empty{}, nil
}

// Read refreshes a resource the engine created as it is (nothing changes
// behind the double's back), and imports one of the World's vaults, vault
// locks, delegated administrators, policies or attachments.
func (d *double) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	start := time.Now()
	call := calls.Call{Method: "Read", Type: req.GetType(), URN: req.GetUrn(), ID: req.GetId()}
	defer func() { d.record(call, start) }()
	if len(req.GetProperties().GetFields()) > 0 {
		return &pulumirpc.ReadResponse{Id: req.GetId(), Properties: req.GetProperties(), Inputs: req.GetInputs()}, nil
	}
	call.Method = "Import"
	var airGapped bool
	switch req.GetType() {
	case desired.OrganizationsDelegatedAdministrator:
		return d.importDelegatedAdministrator(req.GetId())
	case desired.OrganizationsPolicy:
		return d.importPolicy(req.GetId())
	case desired.OrganizationsAttachment:
		return d.importPolicyAttachment(req.GetId())
	case desired.BackupVaultLockConfiguration:
		return d.importVaultLock(req.GetId())
	case desired.S3Bucket, desired.S3BucketPolicy:
		return d.importBucket(req.GetType(), req.GetId())
	case desired.BackupVault:
	case desired.BackupAirGappedVault:
		airGapped = true
	default:
		call.Error = "the double imports only vaults, vault locks, delegated administrators, organization policies " +
			"and their attachments, buckets and bucket policies"
		return nil, fmt.Errorf("the double imports only %s, %s, %s, %s, %s, %s, %s and %s, not %s", desired.BackupVault,
			desired.BackupAirGappedVault, desired.BackupVaultLockConfiguration, desired.OrganizationsDelegatedAdministrator,
			desired.OrganizationsPolicy, desired.OrganizationsAttachment, desired.S3Bucket, desired.S3BucketPolicy,
			req.GetType())
	}
	vault, ok := d.snapshot().vault(d.region, req.GetId())
	if !ok || vault.LogicallyAirGapped != airGapped {
		return &pulumirpc.ReadResponse{}, nil // does not exist
	}
	inputs := importedInputs(vault)
	if airGapped {
		inputs = d.importedAirGappedInputs(vault)
	}
	in, err := marshal(inputs)
	if err != nil {
		return nil, err
	}
	out, err := marshal(d.outputs(req.GetType(), vault.Name, inputs, nil))
	if err != nil {
		return nil, err
	}
	return &pulumirpc.ReadResponse{Id: vault.Name, Properties: out, Inputs: in}, nil
}

// importVaultLock imports the lock configuration of a backup vault of the
// World by pulumi-aws's import id, the vault's name ("import Backup vault
// lock configuration using the name",
// https://www.pulumi.com/registry/packages/aws-v6/api-docs/backup/vaultlockconfiguration).
// pulumi-aws has no read of a lock of its own: it reads the vault with
// DescribeBackupVault and keeps backupVaultName, minRetentionDays and
// maxRetentionDays, which that answer has only for a locked vault
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeBackupVault.html);
// changeableForDays is never read back. A vault that does not exist, or
// is air-gapped (not pulumi-aws's vault), gives nothing to import.
func (d *double) importVaultLock(id string) (*pulumirpc.ReadResponse, error) {
	vault, ok := d.snapshot().vault(d.region, id)
	if !ok || vault.LogicallyAirGapped {
		return &pulumirpc.ReadResponse{}, nil // does not exist
	}
	inputs := resource.PropertyMap{"backupVaultName": resource.NewStringProperty(vault.Name)}
	if vault.Locked {
		inputs["minRetentionDays"] = resource.NewNumberProperty(float64(vault.MinRetentionDays))
		inputs["maxRetentionDays"] = resource.NewNumberProperty(float64(vault.MaxRetentionDays))
	}
	return d.imported(desired.BackupVaultLockConfiguration, vault.Name, inputs)
}

// importBucket imports a bucket of the World, or its policy, by
// pulumi-aws's import id, the bucket's name
// (https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucketv2/,
// https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucketpolicy/):
// what terraform-provider-aws reads back, the name, whether Object Lock is
// enabled (GetObjectLockConfiguration), forceDestroy at its default, the
// tags (GetBucketTagging); for the policy, GetBucketPolicy's. A bucket of
// another region, or a policy the bucket does not have, gives nothing.
func (d *double) importBucket(typ, id string) (*pulumirpc.ReadResponse, error) {
	b, ok := d.snapshot().bucket(id)
	if !ok || b.Region != d.region || (typ == desired.S3BucketPolicy && b.Policy == "") {
		return &pulumirpc.ReadResponse{}, nil // does not exist here
	}
	inputs := resource.PropertyMap{"bucket": resource.NewStringProperty(b.Name)}
	if typ == desired.S3BucketPolicy {
		inputs["policy"] = resource.NewStringProperty(b.Policy)
		return d.imported(typ, b.Name, inputs)
	}
	inputs["objectLockEnabled"] = resource.NewBoolProperty(b.ObjectLockEnabled)
	inputs["forceDestroy"] = resource.NewBoolProperty(false)
	if len(b.Tags) > 0 {
		inputs["tags"] = resource.NewPropertyValue(b.Tags)
	}
	return d.imported(typ, b.Name, inputs)
}

// importDelegatedAdministrator imports a registration of the World, by
// pulumi-aws's import id "<account id>/<service principal>".
func (d *double) importDelegatedAdministrator(id string) (*pulumirpc.ReadResponse, error) {
	account, principal, _ := strings.Cut(id, "/")
	if !slices.Contains(d.world.DelegatedAdministrators[principal], account) {
		return &pulumirpc.ReadResponse{}, nil // does not exist
	}
	inputs := resource.PropertyMap{"accountId": resource.NewStringProperty(account),
		"servicePrincipal": resource.NewStringProperty(principal)}
	in, err := marshal(inputs)
	if err != nil {
		return nil, err
	}
	out, err := marshal(d.outputs(desired.OrganizationsDelegatedAdministrator, id, inputs, nil))
	if err != nil {
		return nil, err
	}
	return &pulumirpc.ReadResponse{Id: id, Properties: out, Inputs: in}, nil
}

// importPolicy imports a policy of the World by its id: what pulumi-aws
// reads back (DescribePolicy, ListTagsForResource) are its inputs.
func (d *double) importPolicy(id string) (*pulumirpc.ReadResponse, error) {
	p, ok := d.world.policy(id)
	if !ok || id == fullAWSAccessID {
		return &pulumirpc.ReadResponse{}, nil // does not exist, or is AWS's
	}
	inputs := resource.PropertyMap{"name": resource.NewStringProperty(p.Name),
		"type": resource.NewStringProperty(p.Type), "content": resource.NewStringProperty(p.Content)}
	if p.Description != "" {
		inputs["description"] = resource.NewStringProperty(p.Description)
	}
	if len(p.Tags) > 0 {
		inputs["tags"] = resource.NewPropertyValue(p.Tags)
	}
	return d.imported(desired.OrganizationsPolicy, id, inputs)
}

// importPolicyAttachment imports an attachment of the World, by
// pulumi-aws's import id "<target id>:<policy id>".
func (d *double) importPolicyAttachment(id string) (*pulumirpc.ReadResponse, error) {
	target, policy, _ := strings.Cut(id, ":")
	p, ok := d.world.policy(policy)
	if !ok || !slices.Contains(d.world.scpsOn(target), p.Name) {
		return &pulumirpc.ReadResponse{}, nil // not attached
	}
	return d.imported(desired.OrganizationsAttachment, id, resource.PropertyMap{
		"policyId": resource.NewStringProperty(policy), "targetId": resource.NewStringProperty(target)})
}

// imported is the answer to the import of the resource id of typ whose
// inputs AWS gave back.
func (d *double) imported(typ, id string, inputs resource.PropertyMap) (*pulumirpc.ReadResponse, error) {
	in, err := marshal(inputs)
	if err != nil {
		return nil, err
	}
	out, err := marshal(d.outputs(typ, id, inputs, nil))
	if err != nil {
		return nil, err
	}
	return &pulumirpc.ReadResponse{Id: id, Properties: out, Inputs: in}, nil
}

// importedInputs are what pulumi-aws reads back of a vault it imports:
// the inputs an import needs.
func importedInputs(vault Vault) resource.PropertyMap {
	inputs := resource.PropertyMap{"name": resource.NewStringProperty(vault.Name)}
	if vault.KmsKeyArn != "" { // a customer managed key; "" stands for the AWS-managed key
		inputs["kmsKeyArn"] = resource.NewStringProperty(vault.KmsKeyArn)
	}
	if len(vault.Tags) > 0 {
		inputs["tags"] = resource.NewPropertyValue(vault.Tags)
	}
	return inputs
}

// importedAirGappedInputs are what aws-native reads back of an air-gapped
// vault it imports: every property Cloud Control API's read answers that
// is an input and not read-only (aws-native's ProjectWritableOutputState),
// so the key AWS Backup made for it as well (encryptionKeyArn, createOnly).
func (d *double) importedAirGappedInputs(vault Vault) resource.PropertyMap {
	inputs := resource.PropertyMap{
		"backupVaultName":  resource.NewStringProperty(vault.Name),
		"minRetentionDays": resource.NewNumberProperty(float64(vault.MinRetentionDays)),
		"maxRetentionDays": resource.NewNumberProperty(float64(vault.MaxRetentionDays)),
		"encryptionKeyArn": resource.NewStringProperty(d.vaultKey(vault)),
	}
	if vault.AccessPolicy != nil {
		inputs["accessPolicy"] = resource.NewPropertyValue(vault.AccessPolicy)
	}
	if vault.MpaApprovalTeamArn != "" {
		inputs["mpaApprovalTeamArn"] = resource.NewStringProperty(vault.MpaApprovalTeamArn)
	}
	if len(vault.Tags) > 0 {
		inputs["backupVaultTags"] = resource.NewPropertyValue(vault.Tags)
	}
	return inputs
}

func (d *double) Invoke(_ context.Context, req *pulumirpc.InvokeRequest) (*pulumirpc.InvokeResponse, error) {
	start := time.Now()
	call := calls.Call{Method: "Invoke", Token: req.GetTok()}
	defer func() { d.record(call, start) }()
	typ, ok := invokeArgs[req.GetTok()]
	if !ok {
		call.Error = "unknown function"
		return nil, fmt.Errorf("unknown function %s", req.GetTok())
	}
	args, err := unmarshal(req.GetArgs())
	if err != nil {
		return nil, err
	}
	if failures := checkObject("", args, typ); len(failures) > 0 {
		call.Failures = reasons(failures)
		return &pulumirpc.InvokeResponse{Failures: checkFailures(failures)}, nil
	}
	result, err := d.invoke(req.GetTok(), args)
	if err != nil {
		call.Error = err.Error()
		return nil, err
	}
	ret, err := marshal(properties(reflect.ValueOf(result)).ObjectValue())
	if err != nil {
		return nil, err
	}
	return &pulumirpc.InvokeResponse{Return: ret}, nil
}

// plain is inputs as JSON values, secrets and known outputs unwrapped;
// an unknown value is null.
func plain(inputs resource.PropertyMap) map[string]any {
	var repl func(v resource.PropertyValue) (any, bool)
	repl = func(v resource.PropertyValue) (any, bool) {
		switch {
		case v.IsSecret():
			return v.SecretValue().Element.MapRepl(nil, repl), true
		case v.IsOutput() && v.OutputValue().Known:
			return v.OutputValue().Element.MapRepl(nil, repl), true
		case v.IsOutput(), v.IsComputed():
			return nil, true
		}
		return nil, false
	}
	return inputs.MapRepl(nil, repl)
}

func reasons(failures []failure) []string {
	out := make([]string, len(failures))
	for i, f := range failures {
		out[i] = f.Property + ": " + f.Reason
	}
	return out
}

func checkFailures(failures []failure) []*pulumirpc.CheckFailure {
	out := make([]*pulumirpc.CheckFailure, len(failures))
	for i, f := range failures {
		out[i] = &pulumirpc.CheckFailure{Property: f.Property, Reason: f.Reason}
	}
	return out
}
