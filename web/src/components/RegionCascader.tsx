/**
 * Region picker (GB/T 2260): an antd Cascader that loads each level on demand from
 * GET /api/v1/regions?parent=CODE. Its value is one canonical region code ('530627'), so it
 * works as a form control (<Form.Item name="region"><RegionCascader /></Form.Item>).
 */
import { useCallback, useEffect, useMemo, useState, type CSSProperties } from 'react';
import { Cascader } from 'antd';
import { regionAncestors, type RegionLevel } from '../../../common/region.ts';
import { fetchRegionChildren, type RegionNode } from '../api/platform.ts';
import { errorMessage } from '../api/client.ts';

interface RegionOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: RegionOption[];
}

// Region names are public and static: one request per parent for the whole page session.
const childrenCache = new Map<string, Promise<RegionNode[]>>();

/** Children of a region ('' = provinces), cached. */
export function loadRegionChildren(parent: string): Promise<RegionNode[]> {
  let p = childrenCache.get(parent);
  if (!p) {
    p = fetchRegionChildren(parent || undefined).then((r) => r.items);
    childrenCache.set(parent, p);
    p.catch(() => childrenCache.delete(parent));
  }
  return p;
}

export interface RegionCascaderProps {
  /** Canonical region code of the selection. */
  value?: string;
  /** Called with the chosen code (undefined when cleared) and the chosen path. */
  onChange?: (code: string | undefined, path: RegionNode[]) => void;
  /** Offer only regions below this one (its children form the first column). */
  root?: string;
  /** Deepest level offered: 1 province, 2 city, 3 county, 4 town, 5 village (default 5). */
  maxLevel?: RegionLevel;
  /** Allow choosing a region that has children (default true). */
  changeOnSelect?: boolean;
  placeholder?: string;
  disabled?: boolean;
  allowClear?: boolean;
  style?: CSSProperties;
  /** Reports a failed load (default: shown as the placeholder). */
  onError?: (message: string) => void;
  /** Set by antd Form.Item so that the field's label points at the control. */
  id?: string;
}

export function RegionCascader({
  value,
  onChange,
  root = '',
  maxLevel = 5,
  changeOnSelect = true,
  placeholder = '请选择行政区划',
  disabled,
  allowClear = true,
  style,
  onError,
  id,
}: RegionCascaderProps) {
  // parent code → its children, as far as loaded
  const [tree, setTree] = useState<ReadonlyMap<string, RegionNode[]>>(new Map());
  const [failed, setFailed] = useState<string | null>(null);

  const load = useCallback(
    async (parent: string) => {
      try {
        const items = await loadRegionChildren(parent);
        setTree((t) => (t.get(parent) === items ? t : new Map(t).set(parent, items)));
        setFailed(null);
        return items;
      } catch (err) {
        const msg = errorMessage(err);
        setFailed(msg);
        onError?.(msg);
        return [];
      }
    },
    [onError],
  );

  // Path of the value below the root, e.g. root '5306', value '530627100' → ['530627', '530627100'].
  const path = useMemo(() => (value ? regionAncestors(value).filter((c) => c.length > root.length && c.startsWith(root)) : []), [value, root]);

  // The first column, and the columns leading to a preset value.
  useEffect(() => {
    let live = true;
    void (async () => {
      await load(root);
      for (const code of path.slice(0, -1)) {
        if (!live) return;
        await load(code);
      }
    })();
    return () => {
      live = false;
    };
  }, [load, root, path]);

  const options = useMemo(() => {
    const build = (parent: string): RegionOption[] | undefined =>
      tree.get(parent)?.map((n) => {
        const leaf = !n.hasChildren || n.level >= maxLevel;
        return { value: n.code, label: n.name, isLeaf: leaf, children: leaf ? undefined : build(n.code) };
      });
    return build(root) ?? [];
  }, [tree, root, maxLevel]);

  const nodesOf = (codes: string[]): RegionNode[] => {
    const out: RegionNode[] = [];
    let parent = root;
    for (const c of codes) {
      const n = tree.get(parent)?.find((x) => x.code === c);
      if (!n) break;
      out.push(n);
      parent = c;
    }
    return out;
  };

  return (
    <Cascader<RegionOption>
      id={id}
      options={options}
      value={path}
      loadData={(selected) => {
        const last = selected[selected.length - 1];
        if (last) void load(last.value);
      }}
      onChange={(codes) => {
        const list = (codes ?? []).map(String);
        onChange?.(list.length > 0 ? list[list.length - 1] : undefined, nodesOf(list));
      }}
      changeOnSelect={changeOnSelect}
      placeholder={failed ? `区划加载失败：${failed}` : placeholder}
      disabled={disabled}
      allowClear={allowClear}
      style={{ width: 320, maxWidth: '100%', ...style }}
      displayRender={(labels) => labels.join(' / ')}
      notFoundContent="暂无下级区划"
    />
  );
}
