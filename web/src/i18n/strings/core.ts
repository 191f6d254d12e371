import type { StringTable } from '../index';

/** Strings shared by every widget: engine status and errors. */
const table: StringTable = {
  'widget.unknown': { en: 'Unknown widget "{name}".', es: 'Widget desconocido: «{name}».' },
  'engine.loading': { en: 'Starting the engine…', es: 'Arrancando el motor…' },
  'engine.noWasm': {
    en: 'This widget needs WebAssembly, which this browser does not offer. The text of the lesson still works.',
    es: 'Este widget necesita WebAssembly y tu navegador no lo ofrece. El texto de la lección sigue funcionando.',
  },
  'engine.crashed': {
    en: 'The engine stopped unexpectedly. It has been restarted.',
    es: 'El motor se detuvo de forma inesperada. Ya lo hemos reiniciado.',
  },
  'engine.retry': { en: 'Try again', es: 'Reintentar' },
  'engine.refused': { en: 'The engine refused this input: {message}', es: 'El motor rechazó esta entrada: {message}' },
};
export default table;
