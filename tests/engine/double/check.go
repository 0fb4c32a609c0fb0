package main

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// failure is one refused input, as the engine prints a check failure.
type failure struct {
	Property string
	Reason   string
}

// engineKeys are inputs the engine adds to a provider's configuration.
var engineKeys = []string{"version", "pluginDownloadURL"}

// checkObject checks an object of inputs against typ, a struct whose pulumi
// tags name the inputs: unknown names, missing required inputs (fields that
// are neither pointers, slices, maps nor interfaces) and values of the
// wrong type are failures. Unknown values (preview) satisfy any type.
func checkObject(path string, props resource.PropertyMap, typ reflect.Type, allowed ...string) []failure {
	var failures []failure
	fields := map[string]reflect.Type{}
	for _, f := range reflect.VisibleFields(typ) {
		name, _, _ := strings.Cut(f.Tag.Get("pulumi"), ",")
		if name == "" {
			continue
		}
		fields[name] = f.Type
		switch f.Type.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		default:
			if v, ok := props[resource.PropertyKey(name)]; !ok || v.IsNull() {
				failures = append(failures, failure{join(path, name), "Missing required argument " + name})
			}
		}
	}
	for _, key := range slices.Sorted(func(yield func(string) bool) {
		for k := range props {
			if !yield(string(k)) {
				return
			}
		}
	}) {
		fieldType, ok := fields[key]
		if !ok {
			if !slices.Contains(allowed, key) {
				failures = append(failures, failure{join(path, key), key + " is not an input of " + typ.Name()})
			}
			continue
		}
		failures = append(failures, checkValue(join(path, key), props[resource.PropertyKey(key)], fieldType)...)
	}
	return failures
}

func checkValue(path string, v resource.PropertyValue, typ reflect.Type) []failure {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsOutput() {
		if !v.OutputValue().Known {
			return nil
		}
		v = v.OutputValue().Element
	}
	if v.IsComputed() || v.IsNull() {
		return nil
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	wrong := func() []failure {
		return []failure{{path, fmt.Sprintf("expected %s, got %s", typ.Kind(), v.TypeString())}}
	}
	switch typ.Kind() {
	case reflect.Interface:
		return nil
	case reflect.String:
		if !v.IsString() {
			return wrong()
		}
	case reflect.Bool:
		if !v.IsBool() {
			return wrong()
		}
	case reflect.Int:
		if !v.IsNumber() || v.NumberValue() != math.Trunc(v.NumberValue()) {
			return wrong()
		}
	case reflect.Float64:
		if !v.IsNumber() {
			return wrong()
		}
	case reflect.Slice:
		if !v.IsArray() {
			return wrong()
		}
		var failures []failure
		for i, e := range v.ArrayValue() {
			failures = append(failures, checkValue(fmt.Sprintf("%s[%d]", path, i), e, typ.Elem())...)
		}
		return failures
	case reflect.Map:
		if !v.IsObject() {
			return wrong()
		}
		var failures []failure
		for k, e := range v.ObjectValue() {
			failures = append(failures, checkValue(join(path, string(k)), e, typ.Elem())...)
		}
		return failures
	case reflect.Struct:
		if !v.IsObject() {
			return wrong()
		}
		return checkObject(path, v.ObjectValue(), typ)
	default:
		return []failure{{path, "the double cannot check a " + typ.Kind().String()}}
	}
	return nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
