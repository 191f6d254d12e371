import type { StringTable } from '../index';

/** The lesson widgets other than the grid: softmax slice, mask heatmap, perturbation tables,
 * whole-model sweep, gradient causality, attention maps. */
const table: StringTable = {
  // ---- softmax slice ----
  'slice.defaultTokens': { en: 'I|eat|bread|<eos>', es: 'yo|como|pan|<eos>' },
  'slice.desc': {
    en: 'One query of a 4-token toy sequence, its softmax written out step by step: raw scores, minus the row maximum (the shift that keeps exp from overflowing), exp, their sum, and the weights = exp ÷ sum. The scores come from head 0 of the engine’s seeded attention; edit them and press Recompute to try your own. The column marked ★ is the next token, the very one this query has to predict.',
    es: 'Una query de una secuencia de juguete de 4 tokens, con su softmax paso a paso: las puntuaciones en bruto, menos el máximo de la fila (el desplazamiento que evita que exp se desborde), exp, su suma y los pesos = exp ÷ suma. Las puntuaciones salen de la cabeza 0 de la atención del motor, con pesos sacados de una seed; cámbialas y pulsa Recalcular para probar las tuyas. La columna marcada con ★ es el token siguiente, justo el que esta query tiene que predecir.',
  },
  'slice.posName': { en: '{j} (“{tok}”)', es: '{j} («{tok}»)' },
  'slice.query': { en: 'Query', es: 'Query' },
  'slice.seed': { en: 'Seed', es: 'Seed' },
  'slice.badSeed': { en: 'The seed must be a whole number from 0 to 4294967295.', es: 'La seed tiene que ser un número entero entre 0 y 4294967295.' },
  'slice.fromEngine': { en: 'Scores from the engine', es: 'Puntuaciones del motor' },
  'slice.rawScores': { en: 'Raw scores of this query against each key', es: 'Puntuaciones en bruto de esta query contra cada key' },
  'slice.scoreOf': { en: 'raw score for key {key}', es: 'puntuación en bruto de la key {key}' },
  'slice.recompute': { en: 'Recompute', es: 'Recalcular' },
  'slice.badScore': { en: 'The score for key {key} is not a number.', es: 'La puntuación de la key {key} no es un número.' },
  'slice.step': { en: 'step', es: 'paso' },
  'slice.rowScores': { en: 'raw score', es: 'puntuación en bruto' },
  'slice.rowMasked': { en: '+ mask row', es: '+ fila de la máscara' },
  'slice.rowShifted': { en: '− row max', es: '− máximo de la fila' },
  'slice.rowExp': { en: 'exp', es: 'exp' },
  'slice.rowWeights': { en: 'weight = exp ÷ sum', es: 'peso = exp ÷ suma' },
  'slice.rowSum': { en: 'sum of exp', es: 'suma de exp' },
  'slice.max': { en: 'row max', es: 'máximo de la fila' },
  'slice.noMask': { en: 'Query {q} without a mask', es: 'Query {q} sin máscara' },
  'slice.withMask': { en: 'Query {q} with the causal mask', es: 'Query {q} con la máscara causal' },
  'slice.story': {
    en: 'Without the mask, query {q} puts {w} of its attention on key {target} — the token it is supposed to predict — and {leak} ({pct}%) in total on keys it must not see yet. Training rewards that peek, so the model learns to make it bigger. With the mask, those keys get exactly 0 and the visible keys share {keep}.',
    es: 'Sin máscara, la query {q} pone {w} de su atención en la key {target} —el token que se supone que tiene que predecir— y {leak} ({pct} %) en total en keys que todavía no debería ver. El entrenamiento premia ese vistazo, así que el modelo aprende a agrandarlo. Con la máscara, esas keys reciben exactamente 0 y las keys visibles se reparten {keep}.',
  },

  // ---- mask heatmap ----
  'maskmap.desc': {
    en: 'Left: the additive mask M built by the engine (white 0 = allowed, black −1e9 = blocked). Right: the attention weights of head 0 when M is added to the scores before the softmax. Both are lower triangles, and every row on the right still sums to 1 (last column).',
    es: 'A la izquierda, la máscara aditiva M que construye el motor (blanco 0 = permitido, negro −1e9 = bloqueado). A la derecha, los pesos de atención de la cabeza 0 cuando M se suma a las puntuaciones antes del softmax. Las dos son triángulos inferiores, y cada fila de la derecha sigue sumando 1 (última columna).',
  },
  'maskmap.maskCaption': { en: 'The mask M: 0 on and below the diagonal, −1e9 above.', es: 'La máscara M: 0 en la diagonal y por debajo, −1e9 por encima.' },
  'maskmap.maskCell': { en: 'row {i}, column {j}: {v}', es: 'fila {i}, columna {j}: {v}' },
  'maskmap.attCaption': {
    en: 'Masked attention weights of head 0 (darker = more weight; hatched = exactly 0); last column: row sum.',
    es: 'Pesos de atención enmascarados de la cabeza 0 (más oscuro = más peso; rayado = exactamente 0); última columna: suma de la fila.',
  },
  'maskmap.verdict': {
    en: 'T = {T}: {zeros} The largest distance of a row sum from 1 is {dev}.',
    es: 'T = {T}: {zeros} La mayor distancia de una suma de fila a 1 es {dev}.',
  },
  'maskmap.zerosYes': { en: 'every weight above the diagonal is exactly 0.', es: 'todos los pesos por encima de la diagonal son exactamente 0.' },
  'maskmap.zerosNo': { en: 'some weight above the diagonal is not 0!', es: '¡hay algún peso por encima de la diagonal que no es 0!' },
  'maskmap.png': { en: 'Download PNG', es: 'Descargar PNG' },
  'maskmap.pngMask': { en: 'Causal mask M (T = {T})', es: 'Máscara causal M (T = {T})' },
  'maskmap.pngAtt': { en: 'Attention with the mask (head 0)', es: 'Atención con la máscara (cabeza 0)' },
  'maskmap.pngNote': { en: 'every row sums to 1', es: 'cada fila suma 1' },
  'maskmap.axisQuery': { en: 'query i', es: 'query i' },
  'maskmap.axisKey': { en: 'key j', es: 'key j' },

  // ---- MHA perturbation test ----
  'perturb.desc': {
    en: 'The perturbation test, run by the engine: a seeded multi-head attention (T = {T}, d_model = {d}, {H} heads) processes X, then X′, which differs only in row {pos}. For every output position the table gives the largest change between the two outputs. Positions before {pos} must not move (below 1e-6); position {pos} must move (above 1e-3).',
    es: 'La prueba de perturbación, ejecutada por el motor: una atención multi-cabeza con pesos sacados de una seed (T = {T}, d_model = {d}, {H} cabezas) procesa X y luego X′, que solo cambia en la fila {pos}. Para cada posición de salida, la tabla da el mayor cambio entre las dos salidas. Las posiciones anteriores a {pos} no se pueden mover (menos de 1e-6); la posición {pos} sí tiene que moverse (más de 1e-3).',
  },
  'perturb.compare': { en: 'Compare with', es: 'Comparar con' },
  'perturb.manifest': { en: 'Download manifest.json', es: 'Descargar manifest.json' },
  'perturb.caption': {
    en: 'Largest change of each output position when only input row {pos} changes.',
    es: 'Mayor cambio de cada posición de salida cuando solo cambia la fila de entrada {pos}.',
  },
  'perturb.position': { en: 'position', es: 'posición' },
  'perturb.expect': { en: 'rule', es: 'regla' },
  'perturb.diffOf': { en: 'max diff, {mode}', es: 'diferencia máx., {mode}' },
  'perturb.verdict': { en: 'holds?', es: '¿se cumple?' },
  'perturb.mustStay': { en: 'must not change', es: 'no debe cambiar' },
  'perturb.mustChange': { en: 'must change', es: 'debe cambiar' },
  'perturb.exactZero': { en: '0 (bit-identical)', es: '0 (idénticas bit a bit)' },
  'perturb.ok': { en: '✓ yes', es: '✓ sí' },
  'perturb.bad': { en: '✕ no', es: '✕ no' },
  'perturb.pass': {
    en: '{mode}: PASS — positions 0–{last} moved by at most {prefix}; position {pos} moved by {changed}.',
    es: '{mode}: SUPERADA — las posiciones 0–{last} se movieron como mucho {prefix}; la posición {pos}, {changed}.',
  },
  'perturb.fail': {
    en: '{mode}: FAIL — positions 0–{last} moved by up to {prefix}; position {pos} moved by {changed}.',
    es: '{mode}: NO SUPERADA — las posiciones 0–{last} se movieron hasta {prefix}; la posición {pos}, {changed}.',
  },
  // ---- whole-model causality sweep ----
  'sweep.desc': {
    en: 'The whole mini-GPT, from tokens to logits, computed by the engine (seeded and untrained: causality is a property of the wiring, not of training). For each k ({ks}) it runs {T} seeded tokens, then the same tokens with position k changed, and compares the logits position by position. Earlier positions must stay bit-identical; some later position must move.',
    es: 'El mini-GPT completo, de los tokens a los logits, calculado por el motor (con pesos sacados de una seed y sin entrenar: la causalidad es una propiedad del cableado, no del entrenamiento). Para cada k ({ks}) procesa {T} tokens sacados de una seed y luego los mismos tokens con la posición k cambiada, y compara los logits posición a posición. Las posiciones anteriores tienen que quedar idénticas bit a bit; alguna posterior tiene que moverse.',
  },
  'sweep.mask': { en: 'Causal mask in every block:', es: 'Máscara causal en cada bloque:' },
  'sweep.maskOn': { en: 'on (press to disable)', es: 'activada (pulsa para desactivarla)' },
  'sweep.maskOff': { en: 'disabled (press to enable)', es: 'desactivada (pulsa para activarla)' },
  'sweep.badKs': {
    en: 'This sweep was given positions outside 1 to {T} − 1.',
    es: 'Este barrido recibió posiciones fuera del rango de 1 a {T} − 1.',
  },
  'sweep.csv': { en: 'Download CSV', es: 'Descargar CSV' },
  'sweep.k': { en: 'changed position k', es: 'posición cambiada k' },
  'sweep.prefix': { en: 'positions < k identical?', es: '¿posiciones < k idénticas?' },
  'sweep.suffix': { en: 'positions ≥ k differ?', es: '¿posiciones ≥ k cambian?' },
  'sweep.maxDiff': { en: 'largest change before k', es: 'mayor cambio antes de k' },
  'sweep.captionOn': {
    en: 'Sweep at T = {T} with the causal mask: ✓ = the rule holds, ✕ = it does not.',
    es: 'Barrido con T = {T} y la máscara causal: ✓ = la regla se cumple, ✕ = no se cumple.',
  },
  'sweep.captionOff': {
    en: 'Sweep at T = {T} with the mask disabled (same weights): ✓ = the rule holds, ✕ = it does not.',
    es: 'Barrido con T = {T} y la máscara desactivada (los mismos pesos): ✓ = la regla se cumple, ✕ = no se cumple.',
  },
  'sweep.allPass': {
    en: 'All {n} rows ✓ ✓: no change ever reached an earlier position, and every change reached a later one.',
    es: 'Las {n} filas ✓ ✓: ningún cambio llegó nunca a una posición anterior, y todos llegaron a alguna posterior.',
  },
  'sweep.leaks': {
    en: 'Leak: at k = {ks} ({n} of {total} rows) an earlier position changed. The model reads the future.',
    es: 'Fuga: con k = {ks} ({n} de {total} filas) cambió una posición anterior. El modelo lee el futuro.',
  },
  'sweep.blind': {
    en: 'At k = {ks} nothing changed at all: the test saw no effect and cannot vouch for the mask there.',
    es: 'Con k = {ks} no cambió nada: la prueba no vio ningún efecto y ahí no puede responder por la máscara.',
  },

  // ---- gradient causality ----
  'grad.desc': {
    en: 'How strongly each output position j (rows) depends on each input embedding i (columns), by the engine’s own backward pass: the size of the gradient of position j’s logits, along a seeded random direction, with respect to the input at position i (T = {T}). Above the diagonal (i > j, an input from the future) every cell must be exactly 0; those are hatched and read 0.',
    es: 'Cuánto depende cada posición de salida j (filas) de cada embedding de entrada i (columnas), calculado con la pasada hacia atrás (backward) del propio motor: el tamaño del gradiente de los logits de la posición j, en una dirección aleatoria sacada de una seed, respecto a la entrada de la posición i (T = {T}). Por encima de la diagonal (i > j, una entrada del futuro) cada celda tiene que ser exactamente 0; esas celdas aparecen rayadas y marcan 0.',
  },
  'grad.caption': {
    en: 'Gradient size: rows = output position j, columns = input position i (darker = larger; hatched “0” = exactly zero).',
    es: 'Tamaño del gradiente: filas = posición de salida j, columnas = posición de entrada i (más oscuro = mayor; «0» rayado = exactamente cero).',
  },
  'grad.cell': { en: 'output {j}, input {i}: {v}', es: 'salida {j}, entrada {i}: {v}' },
  'grad.pass': {
    en: 'Causal: all {upper} cells above the diagonal are exactly 0; {nonzero} of the {lower} cells on or below it are not.',
    es: 'Causal: las {upper} celdas por encima de la diagonal son exactamente 0; {nonzero} de las {lower} celdas de la diagonal o por debajo no lo son.',
  },
  'grad.fail': {
    en: 'Not causal: only {zero} of the {upper} cells above the diagonal are exactly 0 — outputs depend on inputs from their future.',
    es: 'No es causal: solo {zero} de las {upper} celdas por encima de la diagonal son exactamente 0; hay salidas que dependen de entradas de su futuro.',
  },
  'grad.pngTitleOn': { en: 'Gradient causality, mask on (T = {T})', es: 'Causalidad del gradiente, con máscara (T = {T})' },
  'grad.pngTitleOff': { en: 'Gradient causality, mask disabled (T = {T})', es: 'Causalidad del gradiente, sin máscara (T = {T})' },
  'grad.pngNote': { en: 'above the diagonal: {zero} of {upper} cells exactly 0', es: 'por encima de la diagonal: {zero} de {upper} celdas exactamente 0' },
  'grad.axisOut': { en: 'output j', es: 'salida j' },
  'grad.axisIn': { en: 'input i', es: 'entrada i' },

  // ---- attention maps ----
  'attmaps.desc': {
    en: 'The attention weights of the engine’s mini-GPT (seeded, untrained) for a sentence you type, one layer and head at a time: on the left with the causal mask, on the right the same weights with the mask disabled. The model knows only the words of its Spanish corpus; any other word is refused and named.',
    es: 'Los pesos de atención del mini-GPT del motor (con pesos sacados de una seed, sin entrenar) para una frase que escribes tú, una capa y una cabeza cada vez: a la izquierda con la máscara causal, a la derecha los mismos pesos con la máscara desactivada. El modelo solo conoce las palabras de su corpus en español; cualquier otra palabra se rechaza indicando cuál es.',
  },
  'attmaps.defaultText': { en: 'yo hablo español', es: 'yo hablo español' },
  'attmaps.sentence': { en: 'Sentence', es: 'Frase' },
  'attmaps.show': { en: 'Show attention', es: 'Ver la atención' },
  'attmaps.layer': { en: 'layer', es: 'capa' },
  'attmaps.head': { en: 'head', es: 'cabeza' },
  'attmaps.empty': { en: 'Type a sentence first.', es: 'Escribe primero una frase.' },
  'attmaps.captionOn': { en: 'With the causal mask — layer {l}, head {h}', es: 'Con la máscara causal: capa {l}, cabeza {h}' },
  'attmaps.captionOff': { en: 'Mask disabled — layer {l}, head {h}', es: 'Máscara desactivada: capa {l}, cabeza {h}' },
  'attmaps.stale': {
    en: 'The maps below are still those of the last sentence the engine accepted: “{text}”.',
    es: 'Los mapas de abajo siguen siendo los de la última frase que aceptó el motor: «{text}».',
  },
  'attmaps.note': {
    en: 'Left: everything above the diagonal is exactly 0. Right: without the mask, the rows give on average {share}% of their weight to later tokens.',
    es: 'Izquierda: todo lo que está por encima de la diagonal es exactamente 0. Derecha: sin la máscara, las filas dan de media un {share} % de su peso a tokens posteriores.',
  },
};
export default table;
