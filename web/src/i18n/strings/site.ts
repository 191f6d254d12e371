import type { StringTable } from '../index';

/**
 * The site around the lessons: header, navigation, course home, quizzes and recall blocks,
 * progress (export / import / reset), storage problems, offline updates, widget fallbacks.
 * Many are used at build time by the page renderer (tools/site/).
 */
const table: StringTable = {
  'site.name': { en: 'Exam Rule', es: 'Exam Rule' },
  'site.tagline': {
    en: 'The causal attention mask of GPT, from the inside.',
    es: 'La máscara causal de atención de GPT, por dentro.',
  },

  'nav.skip': { en: 'Skip to the content', es: 'Saltar al contenido' },
  'nav.main': { en: 'Main', es: 'Principal' },
  'nav.course': { en: 'Course', es: 'Curso' },
  'nav.glossary': { en: 'Glossary', es: 'Glosario' },
  'nav.switch': { en: 'English', es: 'Español' },
  'nav.switchLabel': { en: 'Read this page in English', es: 'Lee esta página en español' },
  'nav.toc': { en: 'On this page', es: 'En esta página' },
  'nav.pager': { en: 'Previous and next lesson', es: 'Lección anterior y siguiente' },
  'nav.prev': { en: 'Previous', es: 'Anterior' },
  'nav.next': { en: 'Next', es: 'Siguiente' },

  'kind.lesson': { en: 'Lesson', es: 'Lección' },
  'kind.lab': { en: 'Lab', es: 'Laboratorio' },
  'kind.break': { en: 'Break it', es: 'Rómpelo' },
  'kind.reference': { en: 'Reference', es: 'Referencia' },

  'lesson.minutes': { en: '{n} min', es: '{n} min' },
  'lesson.endLabel': { en: 'End of the lesson', es: 'Final de la lección' },
  'lesson.markDone': { en: 'Mark this lesson as done', es: 'Marcar esta lección como hecha' },
  'lesson.endNote': {
    en: 'Your answers, notes and marks are saved on this device only.',
    es: 'Tus respuestas, notas y marcas se guardan solo en este dispositivo.',
  },

  'notFound.title': { en: 'This page does not exist', es: 'Esta página no existe' },
  'notFound.body': {
    en: 'The address may be mistyped, or the page may have moved. If you are offline, this page was never opened on this device, so there is no copy of it here.',
    es: 'Puede que la dirección esté mal escrita o que la página se haya movido. Si no tienes conexión, esta página nunca se abrió en este dispositivo, así que no hay ninguna copia aquí.',
  },
  'notFound.home': { en: 'Go to the course home', es: 'Ir al inicio del curso' },
  'home.title': { en: 'Why can’t a GPT read ahead?', es: '¿Por qué un GPT no puede leer por adelantado?' },
  'home.lede': {
    en: 'A short course on the causal attention mask: what it is, what breaks without it, and how to prove it works — with a real engine running in your browser.',
    es: 'Un curso corto sobre la máscara causal de atención: qué es, qué se rompe sin ella y cómo demostrar que funciona, con un motor de verdad que corre en tu navegador.',
  },
  'home.how': {
    en: 'Each step is a page with live widgets, quick checks and space for your own words. It keeps working offline once you have opened it.',
    es: 'Cada paso es una página con widgets en vivo, preguntas rápidas y espacio para que lo expliques con tus palabras. Sigue funcionando sin conexión una vez que la hayas abierto.',
  },
  'home.start': { en: 'Start the course', es: 'Empieza el curso' },
  'home.continue': { en: 'Continue: {title}', es: 'Sigue con: {title}' },
  'home.review': { en: 'All done — review the first lesson', es: 'Todo hecho: repasa la primera lección' },
  'home.path': { en: 'The path', es: 'El recorrido' },
  'home.empty': { en: 'No lessons yet.', es: 'Todavía no hay lecciones.' },

  'mark.none': { en: 'Not started', es: 'Sin empezar' },
  'mark.started': { en: 'Started', es: 'Empezada' },
  'mark.done': { en: 'Done', es: 'Hecha' },

  'check.kicker': { en: 'Quick check', es: 'Comprueba' },
  'check.check': { en: 'Check my answer', es: 'Comprobar mi respuesta' },
  'check.pick': { en: 'Pick an answer first.', es: 'Elige una respuesta primero.' },
  'check.resultRight': { en: 'Right.', es: '¡Correcto!' },
  'check.resultWrong': { en: 'Not quite — read why, then try again.', es: 'No exactamente: lee por qué y vuelve a intentarlo.' },
  'check.showAnswers': { en: 'Show every answer with its explanation', es: 'Ver todas las respuestas con su explicación' },
  'check.right': { en: 'Right:', es: 'Correcta:' },
  'check.wrong': { en: 'Not this one:', es: 'Esta no:' },

  'recall.kicker': { en: 'In your own words', es: 'Con tus palabras' },
  'recall.private': { en: 'What you write stays on this device.', es: 'Lo que escribas se queda en este dispositivo.' },
  'recall.saved': { en: 'Saved on this device.', es: 'Guardado en este dispositivo.' },
  'recall.notSaved': {
    en: 'Not saved to the device (see the notice at the top); it is kept while this page stays open.',
    es: 'No se ha guardado en el dispositivo (mira el aviso de arriba); se conserva mientras esta página siga abierta.',
  },

  'progress.title': { en: 'Your progress', es: 'Tu progreso' },
  'progress.intro': {
    en: 'Your answers, notes and completed lessons are kept in this browser, on this device, and never sent anywhere. Export them to a file to keep a copy or move to another device.',
    es: 'Tus respuestas, notas y lecciones terminadas se guardan en este navegador, en este dispositivo, y nunca se envían a ningún sitio. Expórtalas a un archivo para tener una copia o pasarlas a otro dispositivo.',
  },
  'progress.summary': { en: '{done} of {total} steps done; items saved: {items}.', es: '{done} de {total} pasos hechos; elementos guardados: {items}.' },
  'progress.export': { en: 'Export to a file', es: 'Exportar a un archivo' },
  'progress.import': { en: 'Import from a file…', es: 'Importar desde un archivo…' },
  'progress.reset': { en: 'Reset…', es: 'Borrar…' },
  'progress.exported': { en: 'Saved {file}.', es: 'Se ha guardado {file}.' },
  'progress.checking': { en: 'Checking the file…', es: 'Comprobando el archivo…' },
  'progress.imported': {
    en: 'Imported {n} saved items. Your progress is now the one from the file.',
    es: 'Se han importado {n} elementos. Ahora tu progreso es el del archivo.',
  },
  'progress.importRefused': {
    en: 'This file was not imported: {reason}. Your current progress is unchanged.',
    es: 'No se ha importado el archivo: {reason}. Tu progreso actual no ha cambiado.',
  },
  'progress.importRefusedSentence': {
    en: '{sentence} It was not imported. Your current progress is unchanged.',
    es: '{sentence} No se ha importado. Tu progreso actual no ha cambiado.',
  },
  'progress.importNeedsWasm': {
    en: 'Importing needs WebAssembly (it checks the file), and it is not available here. Your current progress is unchanged.',
    es: 'Para importar hace falta WebAssembly (con él se comprueba el archivo) y aquí no está disponible. Tu progreso actual no ha cambiado.',
  },
  'progress.tooBig': { en: 'it is too large to be a progress file', es: 'es demasiado grande para ser un archivo de progreso' },
  'progress.notSavedAfterImport': {
    en: 'The imported progress is shown, but it could not be written to the device (see the notice at the top).',
    es: 'Se muestra el progreso importado, pero no se ha podido guardar en el dispositivo (mira el aviso de arriba).',
  },
  'progress.resetTitle': { en: 'Erase your progress?', es: '¿Borrar tu progreso?' },
  'progress.resetText': {
    en: 'This erases every answer, note and mark saved on this device. It cannot be undone: export first if you may want them back.',
    es: 'Esto borra todas las respuestas, notas y marcas guardadas en este dispositivo. No se puede deshacer: exporta antes si quizá las quieras recuperar.',
  },
  'progress.resetCancel': { en: 'Keep my progress', es: 'Conservar mi progreso' },
  'progress.resetConfirm': { en: 'Erase everything', es: 'Borrarlo todo' },
  'progress.resetDone': { en: 'Your progress has been erased.', es: 'Se ha borrado tu progreso.' },

  'storage.setAside': {
    en: 'The progress saved in this browser could not be read ({reason}). It has been kept aside, not deleted, and you are starting with a clean slate.',
    es: 'No se ha podido leer el progreso guardado en este navegador ({reason}). Lo hemos apartado sin borrarlo y empiezas de cero.',
  },
  'storage.cannotSetAside': {
    en: 'The progress saved in this browser could not be read ({reason}), and there is no room to keep a copy aside. To avoid overwriting it, nothing you do now will be saved.',
    es: 'No se ha podido leer el progreso guardado en este navegador ({reason}) y no hay sitio para apartar una copia. Para no sobrescribirlo, no se guardará nada de lo que hagas ahora.',
  },
  'storage.why.json': { en: 'it is not valid JSON', es: 'no es JSON válido' },
  'storage.why.foreign': { en: 'it was not written by this course', es: 'no lo ha escrito este curso' },
  'storage.why.version': { en: 'it was written by a different version of the course', es: 'lo escribió otra versión del curso' },
  'storage.why.damaged': { en: 'it is damaged', es: 'está dañado' },
  'storage.download': { en: 'Download the unreadable data', es: 'Descargar los datos ilegibles' },
  'storage.full': {
    en: 'The storage of this browser is full: your latest changes are kept only while this page is open. Export your progress to keep it.',
    es: 'El almacenamiento de este navegador está lleno: tus últimos cambios solo se conservan mientras esta página siga abierta. Exporta tu progreso para no perderlo.',
  },
  'storage.unavailable': {
    en: 'This browser does not let the site store anything (private mode?): your progress lasts only while this page is open.',
    es: 'Este navegador no deja que el sitio guarde nada (¿modo privado?): tu progreso solo dura mientras esta página siga abierta.',
  },
  'storage.changedElsewhere': {
    en: 'Your progress was changed in another tab; this page now shows the latest version.',
    es: 'Tu progreso ha cambiado en otra pestaña; esta página ya muestra la versión más reciente.',
  },
  'notice.dismiss': { en: 'Dismiss', es: 'Cerrar' },

  'sw.update': { en: 'A new version of the course is ready.', es: 'Hay una versión nueva del curso.' },
  'sw.reload': { en: 'Reload to use it', es: 'Recarga para usarla' },

  'footer.private': {
    en: 'No tracking, no cookies, nothing sent anywhere: this course runs entirely in your browser and keeps working offline.',
    es: 'Sin rastreo, sin cookies, sin enviar nada a ningún sitio: este curso funciona entero en tu navegador y sigue funcionando sin conexión.',
  },
  'footer.progress': { en: 'Your progress: export, import, reset', es: 'Tu progreso: exportar, importar, borrar' },

  'a11y.scrollBox': { en: 'Scrollable content', es: 'Contenido desplazable' },

  'root.choose': { en: 'Read the course in English', es: 'Lee el curso en español' },

  'fallback.generic': {
    en: 'An interactive widget ("{name}") goes here; it appears once the page has finished loading.',
    es: 'Aquí va un widget interactivo («{name}»); aparece cuando la página termina de cargar.',
  },
  'fallback.exam-grid': {
    en: 'Interactive grid: each row is a query position, each column a key position, and a tick marks every key that query may see. With the causal mask the ticks form a lower triangle.',
    es: 'Cuadrícula interactiva: cada fila es una posición de query, cada columna una posición de key, y una marca indica cada key que esa query puede ver. Con la máscara causal, las marcas forman un triángulo inferior.',
  },
  'fallback.grid-quiz': {
    en: 'Interactive exercise: an empty grid where you mark, from memory, which keys each query may see; the engine then grades it.',
    es: 'Ejercicio interactivo: una cuadrícula vacía en la que marcas de memoria qué keys puede ver cada query; después el motor la corrige.',
  },
  'fallback.softmax-slice': {
    en: 'Interactive table: one query’s softmax written out step by step (scores, mask row, exponentials, sum, weights), first without the mask and then with it.',
    es: 'Tabla interactiva: el softmax de una query paso a paso (puntuaciones, fila de la máscara, exponenciales, suma, pesos), primero sin máscara y después con ella.',
  },
  'fallback.mha-perturbation': {
    en: 'Interactive test: the engine changes the last input row and lists, for every output position, how much it moved — with the correct mask and with a broken one.',
    es: 'Prueba interactiva: el motor cambia la última fila de la entrada y muestra, para cada posición de salida, cuánto se ha movido, con la máscara correcta y con una rota.',
  },
  'fallback.mask-heatmap': {
    en: 'Interactive figure: the causal mask matrix next to the attention weights it produces, with the sum of every row.',
    es: 'Figura interactiva: la matriz de la máscara causal junto a los pesos de atención que produce, con la suma de cada fila.',
  },
  'fallback.causality-sweep': {
    en: 'Interactive check: the engine perturbs each chosen position in turn and reports whether earlier positions stay identical and the changed one moves.',
    es: 'Comprobación interactiva: el motor perturba por turnos cada posición elegida e indica si las posiciones anteriores siguen idénticas y la cambiada se mueve.',
  },
  'fallback.grad-causality': {
    en: 'Interactive heatmap: how much each output position’s gradient depends on each input position; everything above the diagonal should be exactly zero.',
    es: 'Mapa de calor interactivo: cuánto depende el gradiente de cada posición de salida de cada posición de entrada; todo lo que queda por encima de la diagonal debería ser exactamente cero.',
  },
  'fallback.attention-maps': {
    en: 'Interactive heatmaps: the mini-GPT’s attention weights for a sentence you type, by layer and head, with the causal mask and without it; with the mask everything above the diagonal is empty. On request, the same maps inside a healthy model and a maskless one trained in the page.',
    es: 'Mapas de calor interactivos: los pesos de atención del mini-GPT para una frase que escribes, por capa y por cabeza, con la máscara causal y sin ella; con la máscara, todo lo que queda por encima de la diagonal está vacío. Si lo pides, los mismos mapas dentro de un modelo sano y de otro sin máscara entrenados en la página.',
  },
};
export default table;
