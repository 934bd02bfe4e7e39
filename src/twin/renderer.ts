// What draws the pixels: a software rasteriser (SwiftShader, llvmpipe) gets the cheaper twin.

export interface RendererInfo {
  renderer: string;
  software: boolean;
}

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

export function rendererInfo(gl: WebGLRenderingContext | WebGL2RenderingContext): RendererInfo {
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  return { renderer, software: SOFTWARE.test(renderer) };
}
