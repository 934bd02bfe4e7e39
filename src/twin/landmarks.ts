// Facilities as 3D landmarks, drawn by three.js inside MapLibre's own WebGL context and camera:
// one shape per kind of service, candidates in gold with a ring and a pin, sunlight with shadows
// (on a real GPU), and a short glow on the buildings a candidate newly brings within reach.
import * as THREE from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import { MercatorCoordinate, type CustomLayerInterface, type CustomRenderMethodInput, type Map as MlMap } from 'maplibre-gl';
import type { CategoryId, Position } from '../../workers/model/dataset.ts';
import { CATEGORY_STYLE } from '../map/categoryStyle.ts';

export interface Landmark {
  id: string;
  category: CategoryId;
  position: Position;
  candidate: boolean;
}

export interface Footprint {
  ring: Position[];
  height: number;
}

type Shape = 'clinic' | 'house' | 'care' | 'school' | 'hall' | 'tree' | 'sports' | 'parking' | 'stop';

const SHAPE: Record<CategoryId, Shape> = {
  health_station: 'clinic', health_centre: 'clinic', nursery: 'house', kindergarten: 'house',
  elderly_daycare: 'care', elderly_home: 'care', primary_school: 'school', middle_school: 'school',
  market: 'hall', convenience: 'hall', service_station: 'hall', park: 'tree', green: 'tree',
  sports: 'sports', parking: 'parking', bus_stop: 'stop',
};

const HIGHLIGHT_MS = 2500;
const GOLD = 0xffc107;

/** A landmark's parts in metres, y up, standing on the origin. */
function parts(shape: Shape): Array<{ geom: THREE.BufferGeometry; tint: 'main' | 'white' | 'dark' }> {
  const box = (w: number, h: number, d: number, x = 0, y = 0, z = 0) => new THREE.BoxGeometry(w, h, d).translate(x, y + h / 2, z);
  switch (shape) {
    case 'clinic':
      return [{ geom: box(18, 16, 18), tint: 'white' },
        { geom: mergeGeometries([box(16, 5, 5, 0, 18), box(5, 16, 5, 0, 12.5)]), tint: 'main' }];
    case 'house':
      return [{ geom: box(18, 10, 18), tint: 'white' },
        { geom: new THREE.ConeGeometry(15, 12, 4).rotateY(Math.PI / 4).translate(0, 16, 0), tint: 'main' }];
    case 'care':
      return [{ geom: new THREE.CylinderGeometry(10, 10, 12, 24).translate(0, 6, 0), tint: 'white' },
        { geom: new THREE.SphereGeometry(10, 24, 12, 0, Math.PI * 2, 0, Math.PI / 2).translate(0, 12, 0), tint: 'main' }];
    case 'school':
      return [{ geom: box(26, 14, 14), tint: 'main' }, { geom: box(1, 30, 1, 10, 0, 0), tint: 'dark' },
        { geom: box(8, 5, 0.6, 14.5, 24, 0), tint: 'white' }];
    case 'hall':
      return [{ geom: box(22, 9, 16), tint: 'white' },
        { geom: new THREE.CylinderGeometry(9, 9, 22, 3).rotateZ(Math.PI / 2).translate(0, 12.5, 0), tint: 'main' }];
    case 'tree':
      return [{ geom: new THREE.CylinderGeometry(1.5, 2, 8, 8).translate(0, 4, 0), tint: 'dark' },
        { geom: new THREE.ConeGeometry(9, 22, 12).translate(0, 19, 0), tint: 'main' }];
    case 'sports':
      return [{ geom: new THREE.TorusGeometry(9, 2.5, 10, 28).translate(0, 12, 0), tint: 'main' },
        { geom: box(2, 4, 2), tint: 'dark' }];
    case 'parking':
      return [{ geom: box(24, 3, 18), tint: 'dark' }, { geom: box(3, 22, 3, 0, 3), tint: 'dark' },
        { geom: box(10, 10, 1.5, 0, 20), tint: 'main' }];
    case 'stop':
      return [{ geom: box(1.2, 10, 1.2, -5), tint: 'dark' }, { geom: box(1.2, 10, 1.2, 5), tint: 'dark' },
        { geom: box(14, 1.2, 6, 0, 10), tint: 'main' }];
  }
}

export class LandmarkLayer implements CustomLayerInterface {
  readonly id = 'twin-landmarks';
  readonly type = 'custom' as const;
  readonly renderingMode = '3d' as const;
  private map: MlMap | null = null;
  private renderer: THREE.WebGLRenderer | null = null;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.Camera();
  private readonly root = new THREE.Group();
  private readonly marks = new THREE.Group();
  private readonly glow = new THREE.Group();
  private readonly model: THREE.Matrix4;
  private readonly origin: MercatorCoordinate;
  private readonly unit: number;
  private readonly shapes = new Map<Shape, ReturnType<typeof parts>>();
  private readonly materials = new Map<string, THREE.Material>();
  private glowUntil = 0;
  private scaleZoom = NaN;

  /** `center` anchors the local metric frame; `extent_m` sizes the ground that catches shadows. */
  constructor(center: Position, extent_m: number, private readonly lowFx: boolean) {
    this.origin = MercatorCoordinate.fromLngLat({ lng: center[0], lat: center[1] }, 0);
    this.unit = this.origin.meterInMercatorCoordinateUnits();
    this.model = new THREE.Matrix4().makeTranslation(this.origin.x, this.origin.y, this.origin.z ?? 0)
      .scale(new THREE.Vector3(this.unit, -this.unit, this.unit))
      .multiply(new THREE.Matrix4().makeRotationX(Math.PI / 2));
    this.root.add(this.marks, this.glow);
    this.scene.add(this.root);
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x8d8271, 1.6));
    const sun = new THREE.DirectionalLight(0xfff4e0, 2.2);
    sun.position.set(-0.6 * extent_m, extent_m, 0.4 * extent_m);
    if (!lowFx) {
      sun.castShadow = true;
      sun.shadow.mapSize.set(2048, 2048);
      const cam = sun.shadow.camera;
      cam.left = -extent_m; cam.right = extent_m; cam.top = extent_m; cam.bottom = -extent_m;
      cam.near = 1; cam.far = extent_m * 4;
      const ground = new THREE.Mesh(new THREE.PlaneGeometry(extent_m * 2, extent_m * 2).rotateX(-Math.PI / 2),
        new THREE.ShadowMaterial({ opacity: 0.28, depthWrite: false }));
      ground.receiveShadow = true;
      this.scene.add(ground);
    }
    this.scene.add(sun);
  }

  /** Local metres (east, up, -north) of a position, in the frame the scene is built in. */
  local(p: Position): [number, number] {
    const m = MercatorCoordinate.fromLngLat({ lng: p[0], lat: p[1] }, 0);
    return [(m.x - this.origin.x) / this.unit, (m.y - this.origin.y) / this.unit];
  }

  onAdd(map: MlMap, gl: WebGLRenderingContext | WebGL2RenderingContext) {
    this.map = map;
    this.renderer = new THREE.WebGLRenderer({ canvas: map.getCanvas(), context: gl as WebGL2RenderingContext, antialias: !this.lowFx });
    this.renderer.autoClear = false;
    this.renderer.shadowMap.enabled = !this.lowFx;
    this.renderer.shadowMap.type = THREE.PCFShadowMap;
  }

  onRemove() {
    this.renderer?.dispose();
    this.renderer = null;
    this.map = null;
  }

  private material(key: string, make: () => THREE.Material): THREE.Material {
    let m = this.materials.get(key);
    if (!m) {
      m = make();
      this.materials.set(key, m);
    }
    return m;
  }

  private tint(category: CategoryId, tint: 'main' | 'white' | 'dark', candidate: boolean): THREE.Material {
    const colour = tint === 'main' ? CATEGORY_STYLE[category].color : tint === 'white' ? '#f4f1ea' : '#4a4f55';
    if (candidate) {
      return this.material(`c|${tint}|${category}`, () => new THREE.MeshLambertMaterial({
        color: tint === 'main' ? colour : GOLD, emissive: GOLD, emissiveIntensity: 0.45, transparent: true, opacity: 0.9,
      }));
    }
    return this.material(`e|${tint}|${category}`, () => new THREE.MeshLambertMaterial({ color: colour }));
  }

  /** Replaces the landmarks: existing facilities solid in their colour, candidates gold with a ring and a pin. */
  setLandmarks(list: Landmark[]) {
    this.marks.clear();
    for (const l of list) {
      const shape = SHAPE[l.category];
      let geoms = this.shapes.get(shape);
      if (!geoms) {
        geoms = parts(shape);
        this.shapes.set(shape, geoms);
      }
      const g = new THREE.Group();
      g.name = l.id;
      for (const p of geoms) {
        const mesh = new THREE.Mesh(p.geom, this.tint(l.category, p.tint, l.candidate));
        mesh.castShadow = !this.lowFx;
        g.add(mesh);
      }
      if (l.candidate) {
        const ring = new THREE.Mesh(this.candidateRing, this.material('ring', () => new THREE.MeshBasicMaterial({
          color: GOLD, transparent: true, opacity: 0.85, side: THREE.DoubleSide, depthWrite: false,
        })));
        ring.name = 'ring';
        const pin = new THREE.Mesh(this.candidatePin, this.material('pin', () => new THREE.MeshLambertMaterial({ color: GOLD, emissive: 0x7a5200 })));
        pin.name = 'pin';
        pin.castShadow = !this.lowFx;
        g.add(ring, pin);
      }
      const [x, z] = this.local(l.position);
      g.position.set(x, 0, z);
      g.userData.candidate = l.candidate;
      this.marks.add(g);
    }
    this.scaleZoom = NaN;
    this.map?.triggerRepaint();
  }

  private readonly candidateRing = new THREE.RingGeometry(20, 26, 40).rotateX(-Math.PI / 2).translate(0, 0.5, 0);
  private readonly candidatePin = new THREE.ConeGeometry(5, 12, 16).rotateX(Math.PI).translate(0, 42, 0);

  /** Glows the given buildings for a moment. */
  highlight(footprints: Footprint[]) {
    this.clearGlow();
    if (footprints.length === 0) return;
    const geoms = footprints.map((f) => {
      const pts = f.ring.map((p) => {
        const [x, z] = this.local(p);
        return new THREE.Vector2(x, -z);
      });
      // Slightly larger and taller than the building, so the glow wraps it instead of fighting its faces.
      const cx = pts.reduce((a, p) => a + p.x, 0) / pts.length, cy = pts.reduce((a, p) => a + p.y, 0) / pts.length;
      for (const p of pts) p.set(cx + (p.x - cx) * 1.08 + Math.sign(p.x - cx) * 0.6, cy + (p.y - cy) * 1.08 + Math.sign(p.y - cy) * 0.6);
      return new THREE.ExtrudeGeometry(new THREE.Shape(pts), { depth: f.height + 1.5, bevelEnabled: false }).rotateX(-Math.PI / 2);
    });
    const merged = mergeGeometries(geoms.map((g) => g.toNonIndexed()));
    for (const g of geoms) g.dispose();
    const mesh = new THREE.Mesh(merged, new THREE.MeshBasicMaterial({ color: 0xfff176, transparent: true, opacity: 0.8, depthWrite: false }));
    this.glow.add(mesh);
    this.glowUntil = performance.now() + HIGHLIGHT_MS;
    this.map?.triggerRepaint();
    if (this.lowFx) {
      // No per-frame fade in software rendering: shown, then removed once.
      setTimeout(() => {
        this.clearGlow();
        this.map?.triggerRepaint();
      }, HIGHLIGHT_MS);
    }
  }

  get glowing(): number {
    return this.glow.children.length;
  }

  private clearGlow() {
    for (const c of this.glow.children) {
      const m = c as THREE.Mesh;
      m.geometry.dispose();
      (m.material as THREE.Material).dispose();
    }
    this.glow.clear();
  }

  render(_gl: WebGLRenderingContext | WebGL2RenderingContext, args: CustomRenderMethodInput) {
    const map = this.map, renderer = this.renderer;
    if (!map || !renderer) return;
    const now = performance.now();
    const zoom = map.getZoom();
    if (zoom !== this.scaleZoom) {
      // Landmarks keep a readable size when zoomed out: 1.5× real size from zoom 16, up to 4× at district scale.
      const k = Math.min(4, Math.max(1.5, 1.5 * 2 ** (16 - zoom)));
      // Candidates stand larger when zoomed out (up to 1.6× from zoom 14), so they read above their 2D marker.
      const c = k * (1 + 0.6 * Math.min(1, Math.max(0, (16 - zoom) / 2)));
      for (const g of this.marks.children) g.scale.setScalar(g.userData.candidate ? c : k);
      this.scaleZoom = zoom;
    }
    let animating = false;
    if (!this.lowFx) {
      const t = now / 1000;
      for (const g of this.marks.children) {
        if (!g.userData.candidate) continue;
        const pin = g.getObjectByName('pin'), ring = g.getObjectByName('ring');
        if (pin) pin.position.y = 4 * Math.sin(t * 2.4);
        if (ring) ring.scale.setScalar(1 + 0.12 * Math.sin(t * 3));
        animating = true;
      }
      if (this.glow.children.length) {
        const left = this.glowUntil - now;
        if (left <= 0) this.clearGlow();
        else {
          ((this.glow.children[0] as THREE.Mesh).material as THREE.MeshBasicMaterial).opacity = 0.85 * Math.min(1, left / (HIGHLIGHT_MS * 0.6));
          animating = true;
        }
      }
    }
    this.camera.projectionMatrix = new THREE.Matrix4().fromArray(args.defaultProjectionData.mainMatrix as ArrayLike<number> as number[]).multiply(this.model);
    renderer.resetState();
    renderer.render(this.scene, this.camera);
    if (animating) map.triggerRepaint();
  }
}
