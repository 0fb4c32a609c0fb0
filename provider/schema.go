package provider

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The schema infer derives marks nested input properties as inputs, so the
// SDKs would accept outputs where the component needs plain values (names,
// plans, retention decide which resources exist) and fail to decode them.
// withPlainInputs marks every input property plain unless its Go field is
// a Pulumi input type (OU ids, tags), and describes the enum infer leaves
// without a description.

// componentArgs are the input types of the components, by token.
var componentArgs = map[string]reflect.Type{
	OrgBackupToken:        reflect.TypeFor[OrgBackupArgs](),
	MemberAccountToken:    reflect.TypeFor[MemberAccountArgs](),
	OrgPrerequisitesToken: reflect.TypeFor[OrgPrerequisitesArgs](),
}

var typeDescriptions = map[string]string{
	Name + ":index:MemberAccountResources": "Who creates the member-account resources.",
}

func withPlainInputs(prov p.Provider) p.Provider {
	getSchema := prov.GetSchema
	prov.GetSchema = func(ctx context.Context, req p.GetSchemaRequest) (p.GetSchemaResponse, error) {
		resp, err := getSchema(ctx, req)
		if err != nil {
			return resp, err
		}
		resp.Schema, err = plainInputs(resp.Schema)
		return resp, err
	}
	return prov
}

func plainInputs(raw string) (string, error) {
	var spec map[string]any
	if err := json.Unmarshal([]byte(raw), &spec); err != nil {
		return "", err
	}
	resources, _ := spec["resources"].(map[string]any)
	types, _ := spec["types"].(map[string]any)
	for token, args := range componentArgs {
		resource, ok := resources[token].(map[string]any)
		if !ok {
			continue
		}
		inputs, _ := resource["inputProperties"].(map[string]any)
		markPlain(inputs, args, types)
	}
	for token, description := range typeDescriptions {
		if t, ok := types[token].(map[string]any); ok {
			t["description"] = description
		}
	}
	out, err := json.MarshalIndent(spec, "", "  ")
	return string(out), err
}

var inputType = reflect.TypeFor[pulumi.Input]()

// markPlain marks the properties of a struct type plain, recursing into
// the object types they refer to.
func markPlain(properties map[string]any, typ reflect.Type, types map[string]any) {
	for _, f := range reflect.VisibleFields(typ) {
		name, _, _ := strings.Cut(f.Tag.Get("pulumi"), ",")
		prop, ok := properties[name].(map[string]any)
		if !ok || f.Type.Implements(inputType) {
			continue
		}
		prop["plain"] = true
		t := f.Type
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Implements(inputType) {
			continue // a list of inputs: the list is plain, its items are not
		}
		for _, item := range []string{"items", "additionalProperties"} {
			if nested, ok := prop[item].(map[string]any); ok {
				nested["plain"] = true
			}
		}
		if t.Kind() != reflect.Struct {
			continue
		}
		if object, ok := types[Name+":index:"+t.Name()].(map[string]any); ok {
			nested, _ := object["properties"].(map[string]any)
			markPlain(nested, t, types)
		}
	}
}
