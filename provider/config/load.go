package config

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// File is what the render command reads: the OrgBackup inputs with the
// schema's names, plus the context the component would look up in AWS.
type File struct {
	Context Context `json:"context"`
	Config
}

// MaxFileBytes bounds a configuration file: 1 MiB. The reference example
// is 1.2 KB, and AWS's own limits (50 tags, 10 rules a plan, 10 backup
// policies an OU, 10,000 characters a policy) keep any configuration that
// can deploy far below it; a larger file is refused before it is parsed.
const MaxFileBytes = 1 << 20

// tooLarge is the problem of a file of size bytes over MaxFileBytes.
func tooLarge(size int64) Problems {
	return Problems{{Message: fmt.Sprintf("the file is %d bytes; a configuration may be at most %d bytes (1 MiB), "+
		"far above any real organization's (the reference example is 1.2 KB, and AWS's limits on tags, rules "+
		"and backup policies keep a deployable one in the tens of KB)", size, MaxFileBytes)}}
}

// ReadFile reads the configuration file at path, refusing one over
// MaxFileBytes without reading it whole.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > MaxFileBytes {
		return nil, tooLarge(info.Size())
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, Problems{{Message: fmt.Sprintf("the file is over %d bytes; a configuration may be at most "+
			"%d bytes (1 MiB), far above any real organization's", MaxFileBytes, MaxFileBytes)}}
	}
	return data, nil
}

// maxValues bounds the values Load visits, aliases expanded: a file within
// MaxFileBytes holds fewer (each value takes a character and a separator),
// so only aliases of aliases reach it.
const maxValues = MaxFileBytes

// contextFields is how the problems of a missing context block list it.
const contextFields = "partition, accountId, organizationId, managementAccountId and region " +
	"(and backupServiceLinkedRoleExists: true when the account has AWS Backup's service-linked role)"

// Load reads a YAML or JSON file strictly, returning every problem at once
// as Problems with the input path and the line and column of the file:
// unknown fields, values of the wrong type, a file that is empty or not a
// mapping, a missing context block, and a file over MaxFileBytes.
func Load(data []byte) (File, error) { return load(data, true) }

// LoadInputs is Load for a file whose context block the caller supplies
// (render --context-from-aws): a missing block is no problem.
func LoadInputs(data []byte) (File, error) { return load(data, false) }

func load(data []byte, needsContext bool) (File, error) {
	if len(data) > MaxFileBytes {
		return File{}, tooLarge(int64(len(data)))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return File{}, fmt.Errorf("parsing config: %w", err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		what := "empty"
		if len(bytes.TrimSpace(data)) > 0 {
			what = "only comments"
		}
		return File{}, Problems{{Message: fmt.Sprintf("the file is %s; write the OrgBackup inputs and a context "+
			"block as a mapping (orgbackup render --help shows the format)", what)}}
	}
	root := doc.Content[0]
	d := decoder{fields: map[reflect.Type]map[string]jsonField{}}
	if n := d.resolve(root); n.Kind != yaml.MappingNode {
		return File{}, Problems{d.at(n, "", "the file's top level is %s; want a mapping of the OrgBackup inputs "+
			"and a context block (orgbackup render --help shows the format)", describe(n))}
	}
	var f File
	d.decode("", root, reflect.ValueOf(&f).Elem())
	if needsContext && !d.sawContext && !d.aborted {
		d.ps = append(d.ps, Problem{Path: "context", Message: "missing; render needs the account it renders for: " +
			"add a context block with " + contextFields})
	}
	if err := d.ps.Err(); err != nil {
		return File{}, err
	}
	return f, nil
}

// decoder fills Go values from YAML nodes, collecting the problems.
type decoder struct {
	fields     map[reflect.Type]map[string]jsonField
	ps         Problems
	values     int
	aborted    bool
	sawContext bool
}

// at is a problem at path, located at node n.
func (d *decoder) at(n *yaml.Node, path, format string, args ...any) Problem {
	return Problem{Path: path, Line: n.Line, Column: n.Column, Message: fmt.Sprintf(format, args...)}
}

func (d *decoder) add(n *yaml.Node, path, format string, args ...any) {
	d.ps = append(d.ps, d.at(n, path, format, args...))
}

// resolve follows aliases to the node they name.
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// decode sets v from n, adding a problem at path for every value of the
// wrong shape and every unknown field.
func (d *decoder) decode(path string, n *yaml.Node, v reflect.Value) {
	if d.aborted {
		return
	}
	if d.values++; d.values > maxValues {
		d.aborted = true
		d.add(n, path, "the file's aliases expand to more than %d values", maxValues)
		return
	}
	n = d.resolve(n)
	if isNull(n) {
		return // as JSON's null: the zero value
	}
	if v.Kind() == reflect.Pointer {
		elem := reflect.New(v.Type().Elem())
		if d.decodeInto(path, n, elem.Elem()) {
			v.Set(elem)
		}
		return
	}
	d.decodeInto(path, n, v)
}

// decodeInto sets v (not a pointer) from n, reporting whether n fit.
func (d *decoder) decodeInto(path string, n *yaml.Node, v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Struct:
		return d.decodeStruct(path, n, v)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.add(n, path, "%s; want a mapping", isWhat(describe(n)))
			return false
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
		seen := map[string]*yaml.Node{}
		d.pairs(path, n, seen, func(key, value *yaml.Node) {
			elem := reflect.New(v.Type().Elem()).Elem()
			d.decode(path+"["+strconv.Quote(key.Value)+"]", value, elem)
			m.SetMapIndex(reflect.ValueOf(key.Value).Convert(v.Type().Key()), elem)
		})
		v.Set(m)
		return true
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.add(n, path, "%s; want a list", isWhat(describe(n)))
			return false
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, e := range n.Content {
			d.decode(path+"["+strconv.Itoa(i)+"]", e, s.Index(i))
		}
		v.Set(s)
		return true
	case reflect.String:
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!str" && n.Tag != "!!timestamp") {
			hint := ""
			if n.Kind == yaml.ScalarNode {
				hint = fmt.Sprintf(" (quote it: %q)", n.Value)
			}
			d.add(n, path, "%s; want a string%s", isWhat(describe(n)), hint)
			return false
		}
		v.SetString(n.Value)
		return true
	case reflect.Int:
		i, ok := wholeNumber(n)
		if !ok {
			d.add(n, path, "%s; want a whole number", isWhat(describe(n)))
			return false
		}
		v.SetInt(i)
		return true
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.add(n, path, "%s; want true or false", isWhat(describe(n)))
			return false
		}
		var b bool
		if err := n.Decode(&b); err != nil {
			d.add(n, path, "%s; want true or false", isWhat(describe(n)))
			return false
		}
		v.SetBool(b)
		return true
	}
	panic(fmt.Sprintf("config: Load has no rule for %s", v.Type()))
}

// decodeStruct sets the fields of struct v, found by their JSON names,
// from mapping n.
func (d *decoder) decodeStruct(path string, n *yaml.Node, v reflect.Value) bool {
	fields, ok := d.fields[v.Type()]
	if !ok {
		fields = jsonFields(v.Type())
		d.fields[v.Type()] = fields
	}
	if n.Kind != yaml.MappingNode {
		d.add(n, path, "%s; want a mapping of fields (%s)", isWhat(describe(n)),
			strings.Join(slices.Sorted(maps.Keys(fields)), ", "))
		return false
	}
	seen := map[string]*yaml.Node{}
	d.pairs(path, n, seen, func(key, value *yaml.Node) {
		fieldPath := fieldPath(path, key.Value)
		field, known := fields[key.Value]
		if !known {
			d.add(key, fieldPath, "is not a field here (known fields: %s)",
				strings.Join(slices.Sorted(maps.Keys(fields)), ", "))
			return
		}
		if path == "" && key.Value == "context" && !isNull(d.resolve(value)) {
			d.sawContext = true
		}
		d.decode(fieldPath, value, v.FieldByIndex(field.index))
	})
	return true
}

// pairs calls each for the key and value of every pair of mapping n, the
// pairs of its merge keys (<<) first, and reports keys given twice.
func (d *decoder) pairs(path string, n *yaml.Node, seen map[string]*yaml.Node, each func(key, value *yaml.Node)) {
	var merged, own [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := d.resolve(n.Content[i]), n.Content[i+1]
		if key.Kind != yaml.ScalarNode {
			d.add(key, path, "has a key that is %s; keys are names", describe(key))
			continue
		}
		if key.Tag == "!!merge" {
			merged = append(merged, d.mergePairs(path, key, d.resolve(value))...)
			continue
		}
		own = append(own, [2]*yaml.Node{key, value})
	}
	for _, p := range own {
		if first, dup := seen[p[0].Value]; dup {
			d.add(p[0], fieldPath(path, p[0].Value), "is given twice (first at line %d, column %d)", first.Line, first.Column)
			continue
		}
		seen[p[0].Value] = p[0]
	}
	for _, p := range merged {
		if _, overridden := seen[p[0].Value]; !overridden {
			seen[p[0].Value] = p[0]
			each(p[0], p[1])
		}
	}
	for _, p := range own {
		if seen[p[0].Value] == p[0] {
			each(p[0], p[1])
		}
	}
}

// mergePairs are the pairs a merge key brings: of its mapping, or of each
// mapping of its list, the first one's winning.
func (d *decoder) mergePairs(path string, key, value *yaml.Node) [][2]*yaml.Node {
	var maps []*yaml.Node
	switch value.Kind {
	case yaml.MappingNode:
		maps = []*yaml.Node{value}
	case yaml.SequenceNode:
		for _, m := range value.Content {
			maps = append(maps, d.resolve(m))
		}
	}
	var out [][2]*yaml.Node
	have := map[string]bool{}
	for _, m := range maps {
		if m.Kind != yaml.MappingNode {
			d.add(m, path, "merges (<<) %s; want a mapping or a list of mappings", describe(m))
			continue
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			k := d.resolve(m.Content[i])
			if k.Kind == yaml.ScalarNode && !have[k.Value] {
				have[k.Value] = true
				out = append(out, [2]*yaml.Node{k, m.Content[i+1]})
			}
		}
	}
	if len(maps) == 0 {
		d.add(key, path, "merges (<<) %s; want a mapping or a list of mappings", describe(value))
	}
	return out
}

// fieldPath is the input path of field key under path, as the README
// writes it.
func fieldPath(path, key string) string {
	switch {
	case key == "":
		return path + `[""]`
	case path != "":
		return path + "." + key
	}
	return key
}

// wholeNumber is the value of an integer scalar, or a float one without
// a fraction (as JSON's 7.0), when it fits an int.
func wholeNumber(n *yaml.Node) (int64, bool) {
	if n.Kind != yaml.ScalarNode {
		return 0, false
	}
	switch n.Tag {
	case "!!int":
		var i int64
		if err := n.Decode(&i); err != nil {
			return 0, false
		}
		return i, i >= math.MinInt && i <= math.MaxInt
	case "!!float":
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil || f != math.Trunc(f) || f < math.MinInt32 || f > math.MaxInt32 {
			return 0, false
		}
		return int64(f), true
	}
	return 0, false
}

// describe says what node n is, for a problem: `"seven" is a string`.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!str", "!!timestamp":
			return fmt.Sprintf("%q is a string", n.Value)
		case "!!int":
			return fmt.Sprintf("%s is a whole number", n.Value)
		case "!!float":
			return fmt.Sprintf("%s is a number", n.Value)
		case "!!bool":
			return fmt.Sprintf("%s is a boolean", n.Value)
		case "!!null":
			return "null"
		}
		return fmt.Sprintf("%q is a %s value", n.Value, strings.TrimPrefix(n.Tag, "!!"))
	}
	return "not a value"
}

// isWhat turns describe's "a list" into "is a list", leaving the
// scalar descriptions (which name their value) as they are.
func isWhat(s string) string {
	if strings.Contains(s, " is ") {
		return s
	}
	return "is " + s
}

// jsonField is a struct field by its JSON name.
type jsonField struct {
	index []int
}

// jsonFields maps the JSON names of a struct's fields, promoted ones
// included, to their indexes.
func jsonFields(typ reflect.Type) map[string]jsonField {
	fields := map[string]jsonField{}
	for _, f := range reflect.VisibleFields(typ) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous || name == "" || name == "-" {
			continue
		}
		fields[name] = jsonField{f.Index}
	}
	return fields
}
