/**
 * Deterministic demo products for `npm run seed`.
 *
 * Product number `index` (1-based) always has the SKU `DEMO-00042`-style
 * {@link demoSku}, and its other fields depend only on `(seed, index)`, never on
 * how many products are generated: seeding 100 then 150 yields the same first
 * 100 products, which is what makes seeding idempotent by SKU.
 */
import { type Product, type ProductFields, toStoredProduct } from '../domain/product';

/** Seed used when none is given. */
export const DEFAULT_SEED = 42;

/** Prefix of every demo SKU. */
export const DEMO_SKU_PREFIX = 'DEMO-';

/** Largest seed accepted (seeds are 32-bit unsigned integers). */
export const MAX_SEED = 0xffff_ffff;

/** The SKU of demo product `index` (1-based): `DEMO-00001`, ..., `DEMO-99999`, `DEMO-100000`. */
export function demoSku(index: number): string {
  assertIndex(index);
  return `${DEMO_SKU_PREFIX}${String(index).padStart(5, '0')}`;
}

/** An item of a category: what it is, the materials or variants it comes in, its price range. */
interface Item {
  readonly noun: string;
  readonly variants: readonly string[];
  /** Typical price range in dollars (the generated price falls inside it). */
  readonly price: readonly [min: number, max: number];
  /** Sentences a description may pick from. */
  readonly features: readonly string[];
  /** The noun is plural ("string lights"). */
  readonly plural?: boolean;
}

/** A category of the catalogue. */
interface Category {
  readonly name: string;
  /** Optional words put before the variant ("mid-century oak side table"); they fit every item. */
  readonly styles: readonly string[];
  readonly items: readonly Item[];
  /** Sentences that fit any item of the category. */
  readonly notes: readonly string[];
}

const CATALOGUE: readonly Category[] = [
  {
    name: 'lighting',
    styles: ['vintage', 'minimalist', 'modern'],
    items: [
      {
        noun: 'desk lamp',
        variants: ['brass', 'matte black', 'walnut', 'ceramic', 'brushed steel'],
        price: [24, 189],
        features: ['Adjustable arm and head.', 'Takes one E27 bulb (not included).', 'Weighted base keeps it steady.'],
      },
      {
        noun: 'floor lamp',
        variants: ['brass', 'oak', 'rattan', 'linen shade', 'arc'],
        price: [59, 389],
        features: ['Foot switch on the cable.', 'Stands 160 cm tall.', 'Takes one E27 bulb (not included).'],
      },
      {
        noun: 'pendant light',
        variants: ['opal glass', 'rattan', 'copper', 'concrete', 'paper'],
        price: [29, 249],
        features: ['Adjustable cord length up to 2 m.', 'Ceiling canopy and fixings included.'],
      },
      {
        noun: 'wall sconce',
        variants: ['brass', 'plaster', 'matte black', 'frosted glass'],
        price: [35, 179],
        features: ['Hardwired or plug-in with the included cable.', 'Swivelling shade.'],
      },
      {
        noun: 'string lights',
        plural: true,
        variants: ['warm white', 'solar', 'battery-powered', 'festoon'],
        price: [12, 69],
        features: ['10 m long with 100 LEDs.', 'Suitable for outdoor use (IP44).', 'Eight lighting modes and a timer.'],
      },
      {
        noun: 'lantern',
        variants: ['galvanized steel', 'bamboo', 'hurricane glass'],
        price: [14, 89],
        features: ['Fits a pillar candle or an LED bulb.', 'Sturdy carry handle.'],
      },
    ],
    notes: ['Warm 2700 K light that is easy on the eyes.', 'Works with standard dimmer switches.'],
  },
  {
    name: 'furniture',
    styles: ['mid-century', 'Scandinavian', 'industrial', 'modern'],
    items: [
      {
        noun: 'armchair',
        variants: ['velvet', 'leather', 'bouclé', 'rattan', 'linen'],
        price: [249, 1299],
        features: ['Deep seat with a high-resilience foam cushion.', 'Removable, washable cover.', 'Solid beech legs.'],
      },
      {
        noun: 'bookshelf',
        variants: ['oak', 'walnut', 'pine', 'powder-coated steel'],
        price: [89, 649],
        features: ['Five adjustable shelves.', 'Wall anchor included.', 'Each shelf holds up to 25 kg.'],
      },
      {
        noun: 'side table',
        variants: ['oak', 'marble', 'travertine', 'walnut', 'rattan'],
        price: [49, 399],
        features: ['Round top, 45 cm across.', 'Sealed against rings and spills.'],
      },
      {
        noun: 'coffee table',
        variants: ['oak', 'glass', 'walnut', 'terrazzo'],
        price: [129, 899],
        features: ['Lower shelf for magazines.', 'Rounded corners.'],
      },
      {
        noun: 'dining chair',
        variants: ['ash', 'beech', 'cane', 'moulded plastic'],
        price: [69, 449],
        features: ['Stackable up to four high.', 'Tested for daily use up to 120 kg.', 'Felt pads protect your floors.'],
      },
      {
        noun: 'nightstand',
        variants: ['walnut', 'oak', 'lacquered'],
        price: [79, 399],
        features: ['Soft-closing drawer.', 'Open shelf for books.'],
      },
    ],
    notes: ['Ships flat-packed; assembly takes about 20 minutes.', 'Sustainably sourced FSC-certified materials.'],
  },
  {
    name: 'kitchen',
    styles: ['professional', 'classic'],
    items: [
      {
        noun: "chef's knife",
        variants: ['carbon steel', 'stainless steel', 'Damascus steel'],
        price: [29, 249],
        features: ['20 cm blade, hand-sharpened.', 'Balanced handle for a comfortable grip.', 'Comes with a blade guard.'],
      },
      {
        noun: 'cutting board',
        variants: ['olive wood', 'walnut', 'bamboo', 'end-grain maple'],
        price: [15, 129],
        features: ['Juice groove around the edge.', 'Oil it now and then to keep it looking new.'],
      },
      {
        noun: 'saucepan',
        variants: ['stainless steel', 'copper', 'enamel', 'non-stick'],
        price: [25, 219],
        features: ['Suitable for every hob, induction included.', 'Glass lid included.', 'Oven safe up to 220 °C.'],
      },
      {
        noun: 'Dutch oven',
        variants: ['cast iron', 'enamelled cast iron'],
        price: [59, 349],
        features: ['Holds 5 litres.', 'Oven safe up to 250 °C.', 'Suitable for every hob, induction included.'],
      },
      {
        noun: 'mixing bowl set',
        variants: ['stainless steel', 'stoneware', 'borosilicate glass'],
        price: [19, 89],
        features: ['Three nesting sizes.', 'Non-slip base.', 'Dishwasher safe.'],
      },
      {
        noun: 'kettle',
        variants: ['stainless steel', 'enamel', 'gooseneck'],
        price: [29, 179],
        features: ['Holds 1.7 litres.', 'Stay-cool handle.', 'Works on gas and induction hobs.'],
      },
      {
        noun: 'pepper mill',
        variants: ['beech', 'walnut', 'ceramic', 'acrylic'],
        price: [12, 69],
        features: ['Adjustable grind, fine to coarse.', 'Ceramic grinding mechanism.'],
      },
    ],
    notes: ['Backed by a ten-year warranty.', 'Food safe.'],
  },
  {
    name: 'garden',
    styles: ['classic', 'rustic'],
    items: [
      {
        noun: 'watering can',
        variants: ['galvanized steel', 'zinc', 'recycled plastic', 'copper'],
        price: [12, 79],
        features: ['Holds 9 litres.', 'Removable brass rose.'],
      },
      {
        noun: 'planter',
        variants: ['terracotta', 'concrete', 'fibreclay', 'cedar', 'corten steel'],
        price: [9, 249],
        features: ['Drainage holes included.', 'Frost resistant; can stay outside all year.'],
      },
      {
        noun: 'hose reel',
        variants: ['steel', 'wall-mounted', 'retractable'],
        price: [39, 199],
        features: ['Holds 30 m of hose.', 'Rust-resistant finish.'],
      },
      {
        noun: 'pruning shears',
        plural: true,
        variants: ['bypass', 'anvil', 'ratchet'],
        price: [14, 69],
        features: ['Cuts branches up to 20 mm.', 'Ergonomic handle reduces wrist strain.', 'Safety lock.'],
      },
      {
        noun: 'bird feeder',
        variants: ['cedar', 'copper', 'hanging glass'],
        price: [12, 59],
        features: ['Easy to fill and clean.', 'Squirrel-resistant.'],
      },
      {
        noun: 'raised bed',
        variants: ['cedar', 'larch', 'galvanized steel'],
        price: [59, 399],
        features: ['120 x 60 cm growing area.', 'No tools needed to assemble.'],
      },
    ],
    notes: ['Made from recycled materials.', 'Weatherproof.'],
  },
  {
    name: 'tools',
    styles: ['heavy-duty', 'compact', 'professional'],
    items: [
      {
        noun: 'claw hammer',
        variants: ['forged steel', 'fibreglass-handled', 'hickory-handled'],
        price: [12, 49],
        features: ['450 g head.', 'Anti-vibration grip.', 'Magnetic nail starter.'],
      },
      {
        noun: 'screwdriver set',
        variants: ['precision', 'insulated', 'ratcheting', 'chrome vanadium'],
        price: [14, 89],
        features: ['Twelve pieces in a sturdy case.', 'Magnetic tips.', 'Rubberised grip for wet conditions.'],
      },
      {
        noun: 'tape measure',
        variants: ['5 m', '8 m', 'laser'],
        price: [8, 79],
        features: ['Metric and imperial scales.', 'Belt clip.', 'Blade lock.'],
      },
      {
        noun: 'cordless drill',
        variants: ['18V', '12V', 'brushless'],
        price: [59, 299],
        features: ['Two batteries and a charger included.', 'Two-speed gearbox with LED work light.', '21 torque settings.'],
      },
      {
        noun: 'spirit level',
        variants: ['aluminium', 'torpedo', 'digital'],
        price: [9, 119],
        features: ['Accurate to 0.5 mm per metre.', 'Magnetic edge.'],
      },
      {
        noun: 'socket set',
        variants: ['1/4-inch', '3/8-inch', 'metric'],
        price: [24, 199],
        features: ['72-tooth ratchet.', 'Comes in a sturdy carry case.'],
      },
    ],
    notes: ['Lifetime warranty against defects.', 'Hardened and tempered for long life.'],
  },
  {
    name: 'office',
    styles: ['minimalist', 'classic', 'premium'],
    items: [
      {
        noun: 'desk organizer',
        variants: ['bamboo', 'felt', 'walnut', 'leather'],
        price: [14, 89],
        features: ['Five compartments for pens, cards and a phone.', 'Keeps cables and clutter out of sight.'],
      },
      {
        noun: 'notebook',
        variants: ['dotted', 'lined', 'recycled paper', 'hardcover'],
        price: [4, 32],
        features: ['A5, 192 numbered pages.', 'Acid-free 100 gsm paper.', 'Lay-flat binding and a ribbon marker.'],
      },
      {
        noun: 'stapler',
        variants: ['steel', 'long-reach', 'electric'],
        price: [9, 79],
        features: ['Staples up to 40 sheets.', 'Non-slip base.'],
      },
      {
        noun: 'monitor stand',
        variants: ['oak', 'aluminium', 'walnut'],
        price: [29, 149],
        features: ['Raises the screen by 12 cm.', 'Room for a keyboard underneath.'],
      },
      {
        noun: 'desk chair',
        variants: ['mesh', 'leather', 'fabric'],
        price: [129, 899],
        features: ['Adjustable in height, tilt and lumbar support.', 'Soft casters for hard floors.'],
      },
      {
        noun: 'desk mat',
        variants: ['felt', 'cork', 'leather'],
        price: [15, 79],
        features: ['80 x 40 cm: room for a keyboard and a mouse.', 'Non-slip underside.'],
      },
    ],
    notes: ['Designed for small home offices.', 'Free engraving on request.'],
  },
  {
    name: 'bathroom',
    styles: ['classic', 'modern'],
    items: [
      {
        noun: 'towel rack',
        variants: ['teak', 'brushed nickel', 'chrome', 'heated'],
        price: [25, 229],
        features: ['Mounting hardware included.', 'Three rails, 60 cm wide.'],
      },
      {
        noun: 'soap dispenser',
        variants: ['ceramic', 'marble', 'amber glass', 'terrazzo'],
        price: [9, 49],
        features: ['Holds 300 ml.', 'Stainless steel pump.'],
      },
      {
        noun: 'bath mat',
        variants: ['cotton', 'teak', 'waffle-knit', 'diatomite'],
        price: [12, 89],
        features: ['Quick-drying and soft underfoot.', 'Non-slip backing.'],
      },
      {
        noun: 'shower caddy',
        variants: ['stainless steel', 'bamboo', 'suction'],
        price: [14, 69],
        features: ['Two shelves and a razor hook.', 'Rustproof.'],
      },
      {
        noun: 'bath towel set',
        variants: ['Turkish cotton', 'linen', 'bamboo'],
        price: [29, 149],
        features: ['Two bath towels and two hand towels.', 'Machine washable at 40 °C.', 'Gets softer with every wash.'],
      },
    ],
    notes: ['Resists moisture and mildew.', 'Easy to clean.'],
  },
  {
    name: 'home decor',
    styles: ['handmade', 'minimalist', 'vintage'],
    items: [
      {
        noun: 'vase',
        variants: ['ceramic', 'hand-blown glass', 'stoneware', 'brass'],
        price: [14, 149],
        features: ['Watertight glaze inside.', '30 cm tall.'],
      },
      {
        noun: 'wall clock',
        variants: ['oak', 'brass', 'concrete'],
        price: [29, 189],
        features: ['Silent sweep movement.', 'Runs on one AA battery (not included).'],
      },
      {
        noun: 'throw blanket',
        variants: ['wool', 'cotton', 'cashmere blend', 'linen'],
        price: [39, 299],
        features: ['130 x 170 cm.', 'Fringed edges.', 'Dry clean or hand wash.'],
      },
      {
        noun: 'cushion cover',
        variants: ['linen', 'velvet', 'bouclé', 'cotton'],
        price: [12, 59],
        features: ['Fits a 50 x 50 cm insert (not included).', 'Hidden zip.'],
      },
      {
        noun: 'candle holder',
        variants: ['brass', 'marble', 'cast iron', 'glass'],
        price: [9, 79],
        features: ['Fits standard dinner candles.', 'Felt base protects the table.'],
      },
      {
        noun: 'rug',
        variants: ['jute', 'wool', 'cotton', 'kilim'],
        price: [49, 699],
        features: ['160 x 230 cm.', 'Hand-woven.', 'Use with a non-slip underlay.'],
      },
    ],
    notes: ['Each piece is slightly unique.', 'Gift-boxed.', 'Made by a small family workshop.'],
  },
];

/** Every category a demo product can have. */
export const DEMO_CATEGORIES: readonly string[] = CATALOGUE.map((c) => c.name);

/** Endings that make prices look like shop prices. */
const CENT_ENDINGS = [0.99, 0.99, 0.95, 0.49, 0.5, 0] as const;

/**
 * The client fields of demo product `index` (1-based) for `seed`: the same
 * inputs always give the same product.
 * @throws RangeError for an index that is not a positive safe integer or a seed outside 0..{@link MAX_SEED}.
 */
export function generateDemoProduct(index: number, seed: number = DEFAULT_SEED): ProductFields {
  assertIndex(index);
  assertSeed(seed);
  const random = rngFor(seed, index);
  const category = pick(random, CATALOGUE);
  const item = pick(random, category.items);
  const variant = pick(random, item.variants);
  const style = random() < 0.3 ? pick(random, category.styles) : undefined;
  const name = capitalize([style, variant, item.noun].filter((w) => w !== undefined).join(' '));

  const [min, max] = item.price;
  // Log-uniform: cheap items are more common than expensive ones, as in a real shop.
  const dollars = Math.floor(Math.exp(Math.log(min) + random() * (Math.log(max) - Math.log(min))));
  const cents = random() < 0.8 ? pick(random, CENT_ENDINGS) : Math.floor(random() * 100) / 100;
  const price = Math.round((dollars + cents) * 100) / 100;

  const stock = random() < 0.08 ? 0 : 1 + Math.floor(random() * random() * 250);
  const isActive = random() < 0.9;
  const description = random() < 0.75 ? describe(random, name, variant, item, category) : undefined;

  return {
    name,
    sku: demoSku(index),
    price,
    category: category.name,
    ...(description === undefined ? {} : { description }),
    is_active: isActive,
    stock,
  };
}

/** Demo products `1..count` for `seed` (the fields only; see {@link toDemoProduct}). */
export function generateDemoProducts(count: number, seed: number = DEFAULT_SEED): ProductFields[] {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be an integer >= 0, got ${String(count)}`);
  return Array.from({ length: count }, (_, i) => generateDemoProduct(i + 1, seed));
}

/** The stored form of demo fields: a product with `id` and both timestamps set to `now`. */
export function toDemoProduct(fields: ProductFields, id: string, now: Date): Product {
  const timestamp = now.toISOString();
  return toStoredProduct(id, timestamp, timestamp, fields);
}

function describe(random: () => number, name: string, variant: string, item: Item, category: Category): string {
  const { noun } = item;
  const some = (phrase: string): string => capitalize(item.plural ? phrase : withArticle(phrase));
  const openings = [
    `${name}, made to last.`,
    `${some(`${variant} ${noun}`)} for everyday use.`,
    `Our best-selling ${noun}, now in ${variant}.`,
    `${some(noun)} that ${item.plural ? 'do their' : 'does its'} job, simply and well.`,
  ];
  const sentences = [pick(random, openings)];
  const first = Math.floor(random() * item.features.length);
  sentences.push(item.features[first]);
  if (item.features.length > 1 && random() < 0.5) {
    sentences.push(item.features[(first + 1 + Math.floor(random() * (item.features.length - 1))) % item.features.length]);
  }
  if (random() < 0.3) sentences.push(pick(random, category.notes));
  return sentences.join(' ');
}

/** `a kettle`, `an oak table`, `a 12V drill`, `an 18V drill`, `an 8 m tape measure` (good enough for the catalogue). */
function withArticle(phrase: string): string {
  return `${/^(?:[aeiou]|8|18|11(?!\d))/i.test(phrase) ? 'an' : 'a'} ${phrase}`;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A PRNG (mulberry32) whose state depends on both the seed and the product index. */
function rngFor(seed: number, index: number): () => number {
  let state = mix32(mix32(seed ^ 0x5eed_5eed) ^ index);
  return () => {
    state = (state + 0x6d2b_79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A 32-bit integer hash (murmur3's finaliser). */
function mix32(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85eb_ca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2_ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function assertIndex(index: number): void {
  if (!Number.isSafeInteger(index) || index < 1) throw new RangeError(`index must be an integer >= 1, got ${String(index)}`);
}

function assertSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new RangeError(`seed must be an integer in 0..${MAX_SEED}, got ${String(seed)}`);
  }
}
