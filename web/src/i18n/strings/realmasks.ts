import type { StringTable } from '../index';

/** The lesson "Masks in real code": its measured grids (padding, conventions, the KV-cache chunk,
 * packed documents, the sliding window) and the break exercises built on them. */
const table: StringTable = {
  // ---- the dependence grid (DependenceGrid.ts) ----
  'rm.cell': { en: 'Output {i}, token {j}: {kind} ({d}).', es: 'Salida {i}, token {j}: {kind} ({d}).' },
  'rm.kind.sees': { en: 'depends, and may', es: 'depende, y puede' },
  'rm.kind.hidden': { en: 'does not depend, and may not', es: 'no depende, y no puede' },
  'rm.kind.leak': { en: 'depends, but must not (a leak)', es: 'depende, pero no debe (una fuga)' },
  'rm.kind.blind': { en: 'does not depend, but should', es: 'no depende, pero debería' },
  'rm.kind.nan': { en: 'the output is NaN', es: 'la salida es NaN' },
  'rm.legend': {
    en: 'Measured by the engine: a cell shows how much output i moves when token j alone changes. ✓ depends and may, ✕ does not and may not, ! depends but must not (a leak), – does not depend but should, NaN: the output itself is NaN. Dimmed rows and columns are padding.',
    es: 'Medido por el motor: una celda muestra cuánto se mueve la salida i cuando cambia solo el token j. ✓ depende y puede, ✕ no depende y no puede, ! depende pero no debe (una fuga), – no depende pero debería, NaN: la salida misma es NaN. Las filas y columnas atenuadas son padding.',
  },
  'rm.fill': { en: 'Hidden entries filled with', es: 'Entradas ocultas rellenas con' },
  'rm.fill.finite': { en: 'a finite −1e9', es: 'un −1e9 finito' },
  'rm.fill.neg_inf': { en: '−inf', es: '−inf' },

  // ---- padding ----
  'rm.pad.side': { en: 'Padding side', es: 'Lado del padding' },
  'rm.pad.side.left': { en: 'left (pads first)', es: 'izquierda (pads primero)' },
  'rm.pad.side.right': { en: 'right (pads last)', es: 'derecha (pads al final)' },
  'rm.pad.variant': { en: 'Mask', es: 'Máscara' },
  'rm.pad.variant.correct': { en: 'causal AND key padding (correct)', es: 'causal Y padding de keys (correcta)' },
  'rm.pad.variant.forgotten': { en: 'causal only (padding mask forgotten)', es: 'solo causal (máscara de padding olvidada)' },
  'rm.pad.variant.inverted': { en: 'padding mask inverted', es: 'máscara de padding invertida' },
  'rm.pad.zeroEmpty': { en: 'a row with no visible key outputs 0 (as production kernels do)', es: 'una fila sin ninguna key visible da 0 (como hacen los kernels de producción)' },
  'rm.pad.desc': {
    en: 'A batch of sequences of different lengths, each padded to T = {T} with pad tokens. Each grid is one sequence; its pad rows and columns are dimmed. Every figure is computed by the engine against the same sequence run alone, without padding.',
    es: 'Un batch de secuencias de distintas longitudes, cada una completada hasta T = {T} con tokens de padding. Cada cuadrícula es una secuencia; sus filas y columnas de padding están atenuadas. Cada cifra la calcula el motor contra la misma secuencia sola, sin padding.',
  },
  'rm.pad.title': { en: 'Sequence {b}: {n} real tokens of {T}', es: 'Secuencia {b}: {n} tokens reales de {T}' },
  'rm.pad.padShort': { en: 'pad', es: 'pad' },
  'rm.pad.lossIgnored': { en: 'Loss over the real targets: {loss} (the sequence alone: {alone})', es: 'Loss sobre los targets reales: {loss} (la secuencia sola: {alone})' },
  'rm.pad.lossCounted': { en: 'Loss if the pad rows are counted too: {loss}', es: 'Loss si también se cuentan las filas de padding: {loss}' },
  'rm.pad.vsAlone': { en: 'Largest change of a real token’s logits against the sequence alone: {d}', es: 'Mayor cambio de los logits de un token real respecto de la secuencia sola: {d}' },
  'rm.pad.bad': { en: 'Wrong: {n} cell(s) of real tokens read what they must not or lost what they need, or a real output is NaN.', es: 'Mal: {n} celda(s) de tokens reales leen lo que no deben o perdieron lo que necesitan, o una salida real es NaN.' },
  'rm.pad.okNaN': { en: 'The real tokens are right, but the pad rows are NaN: a loss or a sum that touched them would turn NaN too.', es: 'Los tokens reales están bien, pero las filas de padding son NaN: una loss o una suma que las tocara también se volvería NaN.' },
  'rm.pad.ok': { en: 'Every real token depends on exactly its own past, as if the sequence ran alone.', es: 'Cada token real depende exactamente de su propio pasado, como si la secuencia corriera sola.' },

  // ---- conventions ----
  'rm.conv.desc': {
    en: 'The same causal mask written in three conventions. Under each, choose the convention the attention function that receives it expects. The engine reads the values as that function would (a boolean reader takes any non-zero number as True; an additive reader adds the numbers to the scores) and measures the grid.',
    es: 'La misma máscara causal escrita en tres convenciones. Debajo de cada una, elige la convención que espera la función de atención que la recibe. El motor lee los valores como lo haría esa función (una lectora booleana toma cualquier número distinto de cero como True; una aditiva suma los números a las puntuaciones) y mide la cuadrícula.',
  },
  'rm.conv.name.bool_allowed': { en: 'boolean, True = may attend', es: 'booleana, True = puede atender' },
  'rm.conv.name.bool_blocked': { en: 'boolean, True = blocked', es: 'booleana, True = bloqueada' },
  'rm.conv.name.additive': { en: 'additive (0 or −1e9)', es: 'aditiva (0 o −1e9)' },
  'rm.conv.built': { en: 'Written as: {name}', es: 'Escrita como: {name}' },
  'rm.conv.readAs': { en: 'Read as', es: 'Leída como' },
  'rm.conv.gridTitle': { en: 'Measured dependence', es: 'Dependencia medida' },
  'rm.conv.same': { en: 'The causal rule, exactly.', es: 'La regla causal, exacta.' },
  'rm.conv.broken': { en: 'Broken: largest dependence on a future token {leak}; past cells gone dark: {blind}.', es: 'Rota: mayor dependencia de un token futuro {leak}; celdas del pasado apagadas: {blind}.' },
  'rm.conv.allSame': { en: 'All three grids are the same: one mask, three spellings.', es: 'Las tres cuadrículas son iguales: una máscara, tres maneras de escribirla.' },
  'rm.conv.differ': { en: 'The grids differ: at least one mask was read in a convention it was not written in.', es: 'Las cuadrículas difieren: al menos una máscara se leyó en una convención distinta de la que se escribió.' },

  // ---- the KV-cache chunk ----
  'rm.chunk.P': { en: 'Tokens already in the cache P', es: 'Tokens ya en la caché P' },
  'rm.chunk.Q': { en: 'New queries in the chunk Q', es: 'Queries nuevas en el bloque Q' },
  'rm.chunk.align': { en: 'Triangle aligned', es: 'Triángulo alineado' },
  'rm.chunk.align.bottom-right': { en: 'bottom-right (correct)', es: 'abajo a la derecha (correcto)' },
  'rm.chunk.align.top-left': { en: 'top-left (bug)', es: 'arriba a la izquierda (bug)' },
  'rm.chunk.desc': {
    en: 'Rows are the Q new queries, numbered by their position in the text; columns are all P+Q keys the cache holds once the chunk is written. The engine fills the cache with P tokens, runs the chunk, and compares its logits with a full recompute of all P+Q tokens.',
    es: 'Las filas son las Q queries nuevas, numeradas por su posición en el texto; las columnas son las P+Q keys que guarda la caché una vez escrito el bloque. El motor llena la caché con P tokens, corre el bloque y compara sus logits con un recálculo completo de los P+Q tokens.',
  },
  'rm.chunk.title': { en: 'Chunk of {Q} queries against {K} keys ({P} cached)', es: 'Bloque de {Q} queries contra {K} keys ({P} en caché)' },
  'rm.chunk.cache': { en: 'cache', es: 'caché' },
  'rm.chunk.new': { en: 'new', es: 'nueva' },
  'rm.chunk.match': { en: 'Matches the full recompute: largest logit difference {d} (within 1e-5).', es: 'Coincide con el recálculo completo: mayor diferencia de logits {d} (dentro de 1e-5).' },
  'rm.chunk.differ': { en: 'Differs from the full recompute: largest logit difference {d}. Generation with this cache is not the model’s.', es: 'Difiere del recálculo completo: mayor diferencia de logits {d}. Generar con esta caché no es generar con el modelo.' },
  'rm.chunk.badP': { en: 'P must be a whole number from 0 to 15.', es: 'P tiene que ser un número entero entre 0 y 15.' },
  'rm.chunk.badQ': { en: 'Q must be a whole number from 1 to 16 (P + Q is at most 16).', es: 'Q tiene que ser un número entero entre 1 y 16 (P + Q es como mucho 16).' },

  // ---- packed documents ----
  'rm.packed.docMask': { en: 'block-diagonal document mask', es: 'máscara de documentos diagonal por bloques' },
  'rm.packed.restart': { en: 'positions restart per document', es: 'las posiciones vuelven a empezar en cada documento' },
  'rm.packed.title': { en: 'Documents packed in one window of {T} tokens (labels: document:position)', es: 'Documentos empaquetados en una ventana de {T} tokens (etiquetas: documento:posición)' },
  'rm.packed.desc': {
    en: 'Training packs several documents into one window so no slot is wasted. The grid shows which tokens each output really depends on; a cell that crosses into another document is a leak.',
    es: 'El entrenamiento empaqueta varios documentos en una ventana para no desperdiciar posiciones. La cuadrícula muestra de qué tokens depende de verdad cada salida; una celda que cruza a otro documento es una fuga.',
  },
  'rm.packed.tok': { en: '{d}:{p}', es: '{d}:{p}' },
  'rm.packed.doc': { en: 'Document {k}: its logits differ from it alone by {d}; its loss moves by {s} when the other documents change.', es: 'Documento {k}: sus logits difieren de él solo en {d}; su loss se mueve {s} cuando cambian los otros documentos.' },
  'rm.packed.cut': { en: 'Document {k} does not fit in the window.', es: 'El documento {k} no cabe en la ventana.' },
  'rm.packed.leak': { en: 'Leak: {n} cell(s) read another document.', es: 'Fuga: {n} celda(s) leen otro documento.' },
  'rm.packed.ok': { en: 'No output reads another document.', es: 'Ninguna salida lee otro documento.' },

  // ---- sliding window ----
  'rm.window.W': { en: 'Window W (keys per query)', es: 'Ventana W (keys por query)' },
  'rm.window.badW': { en: 'W must be a whole number from 1 to {T}.', es: 'W tiene que ser un número entero entre 1 y {T}.' },
  'rm.window.desc': {
    en: 'Left: one layer’s mask, each query may attend to its last W keys. Right: what the engine measures through the whole two-layer model. A dash marks past tokens the causal rule would allow but the window has cut off: that is the context it costs.',
    es: 'A la izquierda: la máscara de una capa, cada query puede atender a sus últimas W keys. A la derecha: lo que mide el motor a través de todo el modelo de dos capas. Un guion marca tokens pasados que la regla causal permitiría pero que la ventana dejó fuera: es el contexto que cuesta.',
  },
  'rm.window.maskTitle': { en: 'One layer’s mask (✓ may attend)', es: 'La máscara de una capa (✓ puede atender)' },
  'rm.window.modelTitle': { en: 'Measured through the model', es: 'Medido a través del modelo' },
  'rm.window.reach': { en: 'Still causal. With W = {W}, the last output (position {i}) depends on its last {reach} tokens: each layer passes on what the one before it saw.', es: 'Sigue siendo causal. Con W = {W}, la última salida (posición {i}) depende de sus últimos {reach} tokens: cada capa pasa lo que vio la anterior.' },
  'rm.window.leak': { en: 'An output depends on a future token: this is no longer causal.', es: 'Una salida depende de un token futuro: esto ya no es causal.' },

  // ---- text fallbacks (before the engine is ready, and for print) ----
  'fallback.realmask-padding': {
    en: 'Measured grids of a small padded batch: with the causal mask combined with the key padding mask, each real token depends only on the real tokens up to it, exactly as when its sequence runs alone.',
    es: 'Cuadrículas medidas de un pequeño batch con padding: con la máscara causal combinada con la de padding de keys, cada token real depende solo de los tokens reales hasta él, exactamente como cuando su secuencia corre sola.',
  },
  'fallback.realmask-conventions': {
    en: 'The same causal mask written as a boolean mask (True = may attend), as a boolean mask (True = blocked) and as an additive mask; read in the convention it was written in, each gives the same measured lower triangle.',
    es: 'La misma máscara causal escrita como booleana (True = puede atender), como booleana (True = bloqueada) y como aditiva; leída en la convención en que se escribió, cada una da el mismo triángulo inferior medido.',
  },
  'fallback.realmask-chunk': {
    en: "The mask of a chunk of Q new queries against P cached keys plus its own Q keys: the triangle aligned bottom-right, so query r sees keys 0 to P + r, and the chunk's logits match a full recompute.",
    es: 'La máscara de un bloque de Q queries nuevas contra P keys en caché más sus propias Q keys: el triángulo alineado abajo a la derecha, así la query r ve las keys 0 a P + r, y los logits del bloque coinciden con un recálculo completo.',
  },
  'fallback.realmask-packed': {
    en: 'Documents packed in one window: with the block-diagonal document mask, each output depends only on earlier tokens of its own document.',
    es: 'Documentos empaquetados en una ventana: con la máscara de documentos diagonal por bloques, cada salida depende solo de tokens anteriores de su propio documento.',
  },
  'fallback.realmask-window': {
    en: 'Sliding-window attention: each query sees its last W keys; through two layers an output still depends on no future token, and on at most 2(W − 1) + 1 tokens.',
    es: 'Atención con ventana deslizante: cada query ve sus últimas W keys; a través de dos capas una salida sigue sin depender de ningún token futuro, y depende de 2(W − 1) + 1 tokens como mucho.',
  },

  // ---- break exercises (realmask-break.widget.ts, realmask-breaks.ts) ----
  'rmb.unknown': { en: 'Unknown break exercise “{name}”.', es: 'Ejercicio de ruptura desconocido: «{name}».' },
  'rmb.programTitle': { en: 'The program', es: 'El programa' },
  'rmb.predictTitle': { en: 'Predict', es: 'Predice' },
  'rmb.runTitle': { en: 'Run it and read the evidence', es: 'Córrelo y lee la evidencia' },
  'rmb.repairTitle': { en: 'Repair it and prove it', es: 'Repáralo y demuéstralo' },
  'rmb.save': { en: 'Save my prediction', es: 'Guardar mi predicción' },
  'rmb.saved': { en: 'Prediction saved. Now run the program.', es: 'Predicción guardada. Ahora corre el programa.' },
  'rmb.pickFirst': { en: 'Pick one answer first.', es: 'Primero elige una respuesta.' },
  'rmb.solvedBefore': { en: 'You already repaired this program; you can prove it again.', es: 'Ya reparaste este programa; puedes volver a demostrarlo.' },
  'rmb.run': { en: 'Run the program', es: 'Correr el programa' },
  'rmb.prove': { en: 'Run the repaired program', es: 'Correr el programa reparado' },
  'rmb.evidenceTitle': { en: 'Measured: the program as written', es: 'Medido: el programa tal como está' },
  'rmb.proofTitle': { en: 'Measured: your repaired program', es: 'Medido: tu programa reparado' },
  'rmb.predRight': { en: 'Your prediction matches the measurement: {fact}', es: 'Tu predicción coincide con la medición: {fact}' },
  'rmb.predWrong': { en: 'The measurement says otherwise: {fact}', es: 'La medición dice otra cosa: {fact}' },
  'rmb.fixed': { en: 'Repaired: the engine measures what a correct program gives.', es: 'Reparado: el motor mide lo que da un programa correcto.' },

  'rmb.padding.comment': { en: 'a batch padded on the left; attention_mask: 1 = real token, 0 = pad', es: 'un batch con padding a la izquierda; attention_mask: 1 = token real, 0 = pad' },
  'rmb.chunk.comment': { en: 'the cache holds P = {P} keys; a chunk of Q = {Q} new tokens arrives', es: 'la caché guarda P = {P} keys; llega un bloque de Q = {Q} tokens nuevos' },
  'rmb.packed.comment': { en: 'documents of {lengths} tokens packed in one window of T = {T}', es: 'documentos de {lengths} tokens empaquetados en una ventana de T = {T}' },
  'rmb.padding.question': { en: 'Left padding, and the mask is only the causal triangle. Will the real tokens’ logits differ from each sequence run alone?', es: 'Padding a la izquierda, y la máscara es solo el triángulo causal. ¿Los logits de los tokens reales serán distintos de los de cada secuencia sola?' },
  'rmb.padding.claim.yes': { en: 'Yes, they will differ.', es: 'Sí, serán distintos.' },
  'rmb.padding.claim.no': { en: 'No, they will be the same.', es: 'No, serán iguales.' },
  'rmb.padding.fact.yes': { en: 'the real tokens read the pads, and their logits moved.', es: 'los tokens reales leen los pads, y sus logits se movieron.' },
  'rmb.padding.fact.no': { en: 'the real tokens’ logits are those of the sequence alone.', es: 'los logits de los tokens reales son los de la secuencia sola.' },
  'rmb.padding.repairIntro': { en: 'Choose the mask and the loss. The repair counts when the real logits are bit-for-bit those of the sequence alone and the loss is the sequence’s own.', es: 'Elige la máscara y la loss. La reparación vale cuando los logits reales son, bit a bit, los de la secuencia sola y la loss es la de la propia secuencia.' },
  'rmb.padding.maskLine': { en: 'Attention mask', es: 'Máscara de atención' },
  'rmb.padding.lossLine': { en: 'Loss', es: 'Loss' },
  'rmb.padding.diff': { en: 'Largest change of a real token’s logits against the sequence alone: {d}', es: 'Mayor cambio de los logits de un token real respecto de la secuencia sola: {d}' },
  'rmb.padding.loss': { en: 'Loss this program reports: {loss} (the sequence alone: {alone})', es: 'Loss que reporta este programa: {loss} (la secuencia sola: {alone})' },
  'rmb.padding.notFixed': { en: 'Not yet: the real logits or the loss still differ from the sequence alone.', es: 'Todavía no: los logits reales o la loss siguen siendo distintos de los de la secuencia sola.' },

  'rmb.chunk.question': { en: 'This chunk’s mask is the square triangle’s top rows. Will its logits differ from a full recompute of all the tokens?', es: 'La máscara de este bloque son las primeras filas del triángulo cuadrado. ¿Sus logits serán distintos de un recálculo completo de todos los tokens?' },
  'rmb.chunk.claim.yes': { en: 'Yes, they will differ.', es: 'Sí, serán distintos.' },
  'rmb.chunk.claim.no': { en: 'No, they will match.', es: 'No, van a coincidir.' },
  'rmb.chunk.fact.yes': { en: 'the chunk’s logits differ from the full recompute.', es: 'los logits del bloque difieren del recálculo completo.' },
  'rmb.chunk.fact.no': { en: 'the chunk’s logits match the full recompute.', es: 'los logits del bloque coinciden con el recálculo completo.' },
  'rmb.chunk.repairIntro': { en: 'Change the diagonal of the triangle. The repair counts when the chunk’s logits match a full recompute within 1e-5.', es: 'Cambia la diagonal del triángulo. La reparación vale cuando los logits del bloque coinciden con un recálculo completo dentro de 1e-5.' },
  'rmb.chunk.offset': { en: 'tril(diagonal=…)', es: 'tril(diagonal=…)' },
  'rmb.chunk.badOffset': { en: 'The diagonal must be a whole number from 0 to {max}.', es: 'La diagonal tiene que ser un número entero entre 0 y {max}.' },
  'rmb.chunk.diff': { en: 'Largest difference from the full recompute: {d}', es: 'Mayor diferencia con el recálculo completo: {d}' },
  'rmb.chunk.notFixed': { en: 'Not yet: the chunk still differs from the full recompute (a blind spot, or a leak of the future).', es: 'Todavía no: el bloque sigue difiriendo del recálculo completo (un punto ciego, o una fuga del futuro).' },

  'rmb.packed.question': { en: 'Three documents in one window, causal mask only. Will a document’s loss change when the other documents change?', es: 'Tres documentos en una ventana, solo con la máscara causal. ¿Cambiará la loss de un documento cuando cambien los otros documentos?' },
  'rmb.packed.claim.yes': { en: 'Yes, it will change.', es: 'Sí, va a cambiar.' },
  'rmb.packed.claim.no': { en: 'No, it will stay the same.', es: 'No, va a quedar igual.' },
  'rmb.packed.fact.yes': { en: 'a document’s loss depends on the documents before it.', es: 'la loss de un documento depende de los documentos anteriores.' },
  'rmb.packed.fact.no': { en: 'no document’s loss depends on another document.', es: 'la loss de ningún documento depende de otro documento.' },
  'rmb.packed.repairIntro': { en: 'Change the mask and the positions. The repair counts when no document’s loss moves with another document and no output reads another document.', es: 'Cambia la máscara y las posiciones. La reparación vale cuando la loss de ningún documento se mueve con otro documento y ninguna salida lee otro documento.' },
  'rmb.packed.maskLine': { en: 'add the document mask: mask &= doc[:, None] == doc[None, :]', es: 'añadir la máscara de documentos: mask &= doc[:, None] == doc[None, :]' },
  'rmb.packed.posLine': { en: 'restart the positions at each document', es: 'reiniciar las posiciones en cada documento' },
  'rmb.packed.shift': { en: 'Document {k}: its loss moves by {s} when the other documents change', es: 'Documento {k}: su loss se mueve {s} cuando cambian los otros documentos' },
  'rmb.packed.notFixed': { en: 'Not yet: a document still reads another one.', es: 'Todavía no: un documento sigue leyendo otro.' },
  'fallback.realmask-break': {
    en: 'A break exercise: read a broken program, predict what the engine will measure, run it, repair it and prove the repair with the engine’s measurement.',
    es: 'Un ejercicio de ruptura: lee un programa roto, predice lo que va a medir el motor, córrelo, repáralo y demuestra la reparación con la medición del motor.',
  },
};

export default table;
