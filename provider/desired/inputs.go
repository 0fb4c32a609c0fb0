package desired

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// Args are the typed inputs of one resource type (args.go): a struct whose
// `input`-tagged fields are the inputs, and whose Token is the type token.
type Args interface {
	Token() string
}

// New is r of the type of args with args as its inputs: r's Type and
// Inputs are set, the rest of r is kept.
func New(r Resource, args Args) Resource {
	r.Type = args.Token()
	r.Inputs = Inputs(args)
	return r
}

// Inputs is the generic form of args, the values Resource.Inputs hold:
// each field under the name its `input` tag gives (a field tagged "-" is
// not an input), a field with the omitempty option left out when empty
// (false, 0, "", a nil pointer or interface, an empty slice or map, a zero
// struct such as an unset Ref; an interface by its value). Strings, bools
// and Ref, TargetID and ComponentTags stay as they are; any integer
// becomes an int, a nested struct a map[string]any of its own fields, a
// slice []any and a map with string keys map[string]any, their elements
// converted so too (a nil slice or map stays nil, of the generic type); a
// pointer or an interface is its value, and a nil one is no input.
func Inputs(args Args) map[string]any {
	v := reflect.ValueOf(args)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	return encodeStruct(v)
}

// ArgsOf reads r's inputs as T, and false when r is of another type than T
// or its inputs do not fit T: an input T has no field for, or a value of
// another kind than its field's. A field of an interface type gets the
// generic value (a Ref, a string, an []any...).
func ArgsOf[T Args](r Resource) (T, bool) {
	var out T
	if err := decodeArgs(r, &out); err != nil {
		var zero T
		return zero, false
	}
	return out, true
}

// DecodeArgs is r's inputs as the Args of its type (a value, not a
// pointer: VaultArgs for a BackupVault...), for a type switch, or why they
// do not fit it.
func DecodeArgs(r Resource) (Args, error) {
	var typ reflect.Type
	if IsProvider(r.Type) {
		typ = reflect.TypeFor[ProviderArgs]()
	} else if t, ok := argsTypes()[r.Type]; ok {
		typ = t
	} else {
		return nil, fmt.Errorf("%s %s: no Args for type %s", r.Type, r.Name, r.Type)
	}
	p := reflect.New(typ)
	if err := decodeArgs(r, p.Interface()); err != nil {
		return nil, err
	}
	return p.Elem().Interface().(Args), nil
}

// argsTypes are the Args types by type token.
var argsTypes = sync.OnceValue(func() map[string]reflect.Type {
	out := make(map[string]reflect.Type, len(allArgs))
	for _, a := range allArgs {
		out[a.Token()] = reflect.TypeOf(a)
	}
	return out
})

// tokenSetter is an Args whose token depends on a field: ProviderArgs.
type tokenSetter interface{ setToken(string) }

// decodeArgs decodes r's inputs into dst, a pointer to an Args struct.
func decodeArgs(r Resource, dst any) error {
	if s, ok := dst.(tokenSetter); ok {
		s.setToken(r.Type)
	}
	v := reflect.ValueOf(dst).Elem()
	if token := v.Interface().(Args).Token(); token != r.Type {
		return fmt.Errorf("%s %s: not a %s", r.Type, r.Name, token)
	}
	if err := decodeStruct(r.Inputs, v); err != nil {
		return fmt.Errorf("%s %s: %w", r.Type, r.Name, err)
	}
	return nil
}

// field is an input of a struct.
type field struct {
	index     int
	name      string
	omitEmpty bool
}

var fieldCache sync.Map // reflect.Type → []field

// fieldsOf are the inputs of struct type t. Every exported field is tagged:
// an untagged one is a mistake, not a field to skip.
func fieldsOf(t reflect.Type) []field {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]field)
	}
	var out []field
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		tag, ok := sf.Tag.Lookup("input")
		if !ok {
			panic(fmt.Sprintf("desired: field %s.%s has no input tag", t, sf.Name))
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		out = append(out, field{index: i, name: name, omitEmpty: opts == "omitempty"})
	}
	fieldCache.Store(t, out)
	return out
}

var (
	refType    = reflect.TypeFor[Ref]()
	targetType = reflect.TypeFor[TargetID]()
	tagsType   = reflect.TypeFor[ComponentTags]()
)

func encodeStruct(v reflect.Value) map[string]any {
	out := map[string]any{}
	for _, f := range fieldsOf(v.Type()) {
		fv := v.Field(f.index)
		if f.omitEmpty && isEmpty(fv) {
			continue
		}
		if e := encode(fv); e != nil {
			out[f.name] = e
		}
	}
	return out
}

// encode is the generic form of an input value; nil for none.
func encode(v reflect.Value) any {
	switch v.Type() {
	case refType, targetType, tagsType:
		return v.Interface()
	}
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return int(v.Int())
	case reflect.Struct:
		return encodeStruct(v)
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return encode(v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			return []any(nil)
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = encode(v.Index(i))
		}
		return out
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			break
		}
		if v.IsNil() {
			return map[string]any(nil)
		}
		out := make(map[string]any, v.Len())
		for it := v.MapRange(); it.Next(); {
			out[it.Key().String()] = encode(it.Value())
		}
		return out
	}
	panic(fmt.Sprintf("desired: no input of type %s", v.Type()))
}

// isEmpty reports whether omitempty leaves v out.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Interface:
		return v.IsNil() || isEmpty(v.Elem())
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	}
	return v.IsZero()
}

func decodeStruct(m map[string]any, v reflect.Value) error {
	fields := fieldsOf(v.Type())
	known := make(map[string]bool, len(fields))
	for _, f := range fields {
		known[f.name] = true
		raw, ok := m[f.name]
		if !ok {
			continue
		}
		if err := decode(raw, v.Field(f.index)); err != nil {
			return fmt.Errorf("input %s: %w", f.name, err)
		}
	}
	for k := range m {
		if !known[k] {
			return fmt.Errorf("input %s: no field of %s holds it", k, v.Type())
		}
	}
	return nil
}

// decode sets dst to raw, a generic input value.
func decode(raw any, dst reflect.Value) error {
	if raw == nil {
		return nil
	}
	t := dst.Type()
	mismatch := &mismatchError{raw: raw, t: t}
	switch t {
	case refType, targetType, tagsType:
		rv := reflect.ValueOf(raw)
		if rv.Type() != t {
			return mismatch
		}
		dst.Set(rv)
		return nil
	}
	switch t.Kind() {
	case reflect.Interface:
		rv := reflect.ValueOf(raw)
		if !rv.Type().AssignableTo(t) {
			return mismatch
		}
		dst.Set(rv)
	case reflect.String:
		s, ok := raw.(string)
		if !ok {
			return mismatch
		}
		dst.SetString(s)
	case reflect.Bool:
		b, ok := raw.(bool)
		if !ok {
			return mismatch
		}
		dst.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := raw.(int)
		if !ok || dst.OverflowInt(int64(n)) {
			return mismatch
		}
		dst.SetInt(int64(n))
	case reflect.Struct:
		m, ok := raw.(map[string]any)
		if !ok {
			return mismatch
		}
		return decodeStruct(m, dst)
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		if err := decode(raw, p.Elem()); err != nil {
			return err
		}
		dst.Set(p)
	case reflect.Slice:
		s, ok := raw.([]any)
		if !ok {
			return mismatch
		}
		if s == nil {
			return nil
		}
		out := reflect.MakeSlice(t, len(s), len(s))
		for i, e := range s {
			if err := decode(e, out.Index(i)); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
		}
		dst.Set(out)
	case reflect.Map:
		m, ok := raw.(map[string]any)
		if !ok || t.Key().Kind() != reflect.String {
			return mismatch
		}
		if m == nil {
			return nil
		}
		out := reflect.MakeMapWithSize(t, len(m))
		for k, e := range m {
			ev := reflect.New(t.Elem()).Elem()
			if err := decode(e, ev); err != nil {
				return fmt.Errorf("[%s]: %w", k, err)
			}
			out.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), ev)
		}
		dst.Set(out)
	default:
		return mismatch
	}
	return nil
}

type mismatchError struct {
	raw any
	t   reflect.Type
}

func (e *mismatchError) Error() string { return fmt.Sprintf("%T does not fit %s", e.raw, e.t) }
